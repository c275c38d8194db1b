package io.routescale.exporter.naming;

import io.routescale.exporter.naming.KubernetesCatalog.BackendRef;
import io.routescale.exporter.naming.KubernetesCatalog.GatewayRouteObject;
import io.routescale.signals.Resolution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Names of the {@code kubernetesgateway} provider, taken from Traefik's own tests
 * ({@code pkg/provider/kubernetes/gateway/kubernetes_test.go}) with the routes of their fixtures
 * ({@code fixtures/httproute/*.yml}, {@code fixtures/grpcroute/*.yml}): v3.7.9 for the names from 3.7.6 on,
 * v3.6.24 for the older backend names.
 */
class GatewayRouteNamesTest {
    private static BackendRef service(String name, int port) {
        return new BackendRef("", "Service", "", name, port);
    }

    /** The routes of the fixtures the names below come from. */
    private static final List<GatewayRouteObject> ROUTES = List.of(
            // httproute/two_rules.yml ("One HTTPRoute with two different rules")
            new GatewayRouteObject("HTTPRoute", "default", "http-app-1",
                    List.of(List.of(service("whoami", 80), service("whoami2", 8080)), List.of(service("whoami2", 8080)))),
            // httproute/with_namespace_all.yml ("HTTPRoute with All namespace selector"): route in bar, Gateway in default
            new GatewayRouteObject("HTTPRoute", "bar", "http-app-bar", List.of(List.of(service("whoami-bar", 80)))),
            // grpcroute/filter_extension_ref.yml (TestLoadGRPCRoutes_filterExtensionRef)
            new GatewayRouteObject("GRPCRoute", "default", "grpc-app-1", List.of(List.of(new BackendRef("", "", "", "whoami", 80)))),
            // Not from upstream: a namespace with a dash and a cross-namespace backendRef, the cases parsing gets wrong.
            new GatewayRouteObject("HTTPRoute", "team-a", "web", List.of(List.of(new BackendRef("", "Service", "shared-cache", "redis-proxy", 6379)))));

    private final GatewayRouteNames names = new GatewayRouteNames(ROUTES);
    private final KubernetesNameIndex index = KubernetesNameIndex.of(new KubernetesCatalog.Snapshot(List.of(), List.of(), List.of(), ROUTES));
    private final ParsedNameResolver parser = new ParsedNameResolver(List.of("web", "websecure"));

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // kubernetes_test.go v3.7.9, "One HTTPRoute with one rule two targets" (the two_rules route's rule 0 here has the same backendRefs)
            "httproute-default-http-app-1-gw-default-my-gateway-ep-web-0-af329269dd38031b03e3-svc-default-whoami-0, default, whoami",
            "httproute-default-http-app-1-gw-default-my-gateway-ep-web-0-af329269dd38031b03e3-svc-default-whoami2-1, default, whoami2",
            // "One HTTPRoute with two different rules": rule 1, its only backendRef
            "httproute-default-http-app-1-gw-default-my-gateway-ep-web-1-9618b798382aa725aa8b-svc-default-whoami2-0, default, whoami2",
            // "Simple HTTPRoute with protocol HTTPS": another entrypoint (listener) of the same route
            "httproute-default-http-app-1-gw-default-my-gateway-ep-websecure-0-af329269dd38031b03e3-svc-default-whoami-0, default, whoami",
            // "HTTPRoute with All namespace selector"
            "httproute-bar-http-app-bar-gw-default-my-gateway-ep-web-0-95b064ae9808f10000f4-svc-bar-whoami-bar-0, bar, whoami-bar",
            // Traefik's rule for a second parentRef (another Gateway, in another namespace): its own routers and backends
            "httproute-default-http-app-1-gw-edge-public-gateway-ep-websecure-0-af329269dd38031b03e3-svc-default-whoami2-1, default, whoami2",
            // TestLoadGRPCRoutes_filterExtensionRef
            "grpcroute-default-grpc-app-1-gw-default-my-gateway-ep-web-0-6a1e0890d475642f7c64-svc-default-whoami-0, default, whoami",
            // kubernetes_test.go v3.6.24, "Simple HTTPRoute" and the GRPCRoute filter test: the names before 3.7.6
            "default-whoami-http-80, default, whoami",
            "default-whoami-80-grpc, default, whoami",
            "bar-whoami-bar-http-80, bar, whoami-bar",
            // Traefik's rules applied to the route above that is not from upstream
            "httproute-team-a-web-gw-infra-edge-ep-websecure-0-0123456789abcdef0123-svc-shared-cache-redis-proxy-0, shared-cache, redis-proxy",
            "shared-cache-redis-proxy-http-6379, shared-cache, redis-proxy",
    })
    void backendsResolveToTheirService(String traefikName, String namespace, String service) {
        assertEquals(new ResolvedName(namespace, service, Resolution.API), index.backend(traefikName + "@kubernetesgateway"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "httproute-default-http-app-1-gw-default-my-gateway-ep-web-0-af329269dd38031b03e3, default, http-app-1",
            "httproute-default-http-app-1-gw-default-my-gateway-ep-web-1-9618b798382aa725aa8b, default, http-app-1",
            "httproute-default-http-app-1-gw-default-my-gateway-ep-websecure-0-af329269dd38031b03e3, default, http-app-1",
            "httproute-bar-http-app-bar-gw-default-my-gateway-ep-web-0-95b064ae9808f10000f4, bar, http-app-bar",
            "httproute-default-http-app-1-gw-edge-public-gateway-ep-websecure-0-af329269dd38031b03e3, default, http-app-1",
            "grpcroute-default-grpc-app-1-gw-default-my-gateway-ep-web-0-6a1e0890d475642f7c64, default, grpc-app-1",
            "httproute-team-a-web-gw-infra-edge-ep-websecure-0-0123456789abcdef0123, team-a, web",
    })
    void routersResolveToTheirRoute(String traefikName, String namespace, String route) {
        assertEquals(new ResolvedName(namespace, route, Resolution.API), index.route(traefikName + "@kubernetesgateway"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // rule 2 does not exist; backendRef 2 of rule 0 does not exist; rule 1's backendRef 0 is whoami2, not whoami
            "httproute-default-http-app-1-gw-default-my-gateway-ep-web-2-af329269dd38031b03e3-svc-default-whoami-0",
            "httproute-default-http-app-1-gw-default-my-gateway-ep-web-0-af329269dd38031b03e3-svc-default-whoami-2",
            "httproute-default-http-app-1-gw-default-my-gateway-ep-web-1-9618b798382aa725aa8b-svc-default-whoami-0",
            // a route nobody listed (deleted, or created since the last refresh); a port no route refers to
            "httproute-default-gone-gw-default-my-gateway-ep-web-0-af329269dd38031b03e3-svc-default-whoami-0",
            "default-whoami-http-9000",
            // the hash must be 20 hex characters
            "httproute-default-http-app-1-gw-default-my-gateway-ep-web-0-af329269dd38031b03e-svc-default-whoami-0",
    })
    void namesNoListedRouteExplainsAreLeftToTheParser(String traefikName) {
        assertEquals(null, index.backend(traefikName + "@kubernetesgateway"));
    }

    @Test
    void withoutTheApiTheFirstSegmentIsTheNamespace() {
        assertEquals(new ResolvedName("default", "whoami2", Resolution.PARSED), parser.backend(
                "httproute-default-http-app-1-gw-default-my-gateway-ep-web-0-af329269dd38031b03e3-svc-default-whoami2-1@kubernetesgateway"));
        assertEquals(new ResolvedName("bar", "whoami-bar", Resolution.PARSED), parser.backend("bar-whoami-bar-http-80@kubernetesgateway"));
        assertEquals(new ResolvedName("default", "whoami", Resolution.PARSED), parser.backend("default-whoami-80-grpc@kubernetesgateway"));
        assertEquals(new ResolvedName("bar", "http-app-bar", Resolution.PARSED), parser.route(
                "httproute-bar-http-app-bar-gw-default-my-gateway-ep-web-0-95b064ae9808f10000f4@kubernetesgateway"));
        // Where it must guess wrong and the API does not.
        String router = "httproute-team-a-web-gw-infra-edge-ep-websecure-0-0123456789abcdef0123@kubernetesgateway";
        assertEquals(new ResolvedName("team", "a-web", Resolution.PARSED), parser.route(router));
        assertEquals(new ResolvedName("team-a", "web", Resolution.API), index.route(router));
        assertEquals(Resolution.NONE, parser.backend("something-else@kubernetesgateway").resolution());
    }

    @Test
    void aRouteWhoseNameEndsInGwIsToldFromAShorterOneByTheLongestListedName() {
        // "httproute-x-a-gw-gw-..." is route a-gw (Gateway default/edge) or route a (Gateway gw-default/edge):
        // both are listed, so the longer name is taken; a route name alone cannot settle it.
        GatewayRouteNames both = new GatewayRouteNames(List.of(
                new GatewayRouteObject("HTTPRoute", "x", "a", List.of(List.of(service("one", 80)))),
                new GatewayRouteObject("HTTPRoute", "x", "a-gw", List.of(List.of(service("two", 80))))));
        assertEquals(new ResolvedName("x", "a-gw", Resolution.API),
                both.route("httproute-x-a-gw-gw-default-edge-ep-web-0-0123456789abcdef0123"));
        assertEquals(new ResolvedName("x", "a", Resolution.API),
                both.route("httproute-x-a-gw-default-edge-ep-web-0-0123456789abcdef0123"));
    }

    @Test
    void aDottedRouteNameIsNormalizedAsTraefikDoes() {
        GatewayRouteNames dotted = new GatewayRouteNames(List.of(
                new GatewayRouteObject("HTTPRoute", "shop", "api.v2", List.of(List.of(service("api", 80))))));
        assertEquals(new ResolvedName("shop", "api.v2", Resolution.API),
                dotted.route("httproute-shop-api-v2-gw-shop-edge-ep-web-0-0123456789abcdef0123"));
        assertEquals(new ResolvedName("shop", "api", Resolution.API),
                dotted.backend("httproute-shop-api-v2-gw-shop-edge-ep-web-0-0123456789abcdef0123-svc-shop-api-0"));
    }
}
