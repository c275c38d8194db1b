package io.routescale.exporter.naming;

import io.routescale.signals.Resolution;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ParsedNameResolverTest {
    private final ParsedNameResolver resolver = new ParsedNameResolver(List.of("web", "websecure"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // Ingress backend: <ns>-<svc>-<port>
            "default-whoami-80@kubernetes|default|whoami|PARSED",
            "default-my-api-http@kubernetes|default|my-api|PARSED",
            // IngressRoute single Service: named after the route
            "default-myIngressRoute-6f97418635c7e18853da@kubernetescrd|default|myingressroute|PARSED_INGRESSROUTE",
            // weighted child, TraefikService
            "default-svc-a-80@kubernetescrd|default|svc-a|PARSED",
            "default-wrr@kubernetescrd|default|wrr|PARSED",
            // not Kubernetes
            "covidpass-docker-compose@docker|''|covidpass-docker-compose|NONE",
            "readiness@http|''|readiness|NONE",
            "default-backend@kubernetes|''|default-backend|NONE"})
    void backends(String traefik, String namespace, String name, Resolution resolution) {
        assertEquals(new ResolvedName(namespace, name, resolution), resolver.backend(traefik));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "default-myingress-example-com-api@kubernetes|default|myingress|PARSED",
            "websecure-default-myingress-example-com@kubernetes|default|myingress|PARSED",
            "skali-whoami-local-whoami-whoami-public-8fe1804f28f11a756ed7@kubernetescrd|skali|whoami-local-whoami-whoami-public|PARSED",
            "prometheus@internal|''|prometheus|NONE"})
    void routes(String traefik, String namespace, String name, Resolution resolution) {
        assertEquals(new ResolvedName(namespace, name, resolution), resolver.route(traefik));
    }

    /** Names are remembered between cycles, within a bound, and a remembered answer is the answer. */
    @org.junit.jupiter.api.Test
    void rememberedNamesResolveAsBeforeAndTheMemoryIsBounded() {
        ParsedNameResolver fresh = new ParsedNameResolver(List.of("web"));
        int names = ParsedNameResolver.REMEMBERED + 5_000;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < names; i++) {
                assertEquals(new ResolvedName("ns" + i, "svc", Resolution.PARSED), fresh.backend("ns" + i + "-svc-80@kubernetes"));
                assertEquals(new ResolvedName("ns" + i, "ing", Resolution.PARSED), fresh.route("web-ns" + i + "-ing-host@kubernetes"));
            }
            // Round 1 starts afresh at name 20,000; round 2, which remembers 20,000..24,999, at name 15,000.
            assertEquals(round == 0 ? 5_000 : 10_000, fresh.rememberedNames());
        }
    }
}
