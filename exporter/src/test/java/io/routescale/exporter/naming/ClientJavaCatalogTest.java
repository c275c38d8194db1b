package io.routescale.exporter.naming;

import io.routescale.signals.Resolution;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.apis.NetworkingV1Api;
import io.kubernetes.client.openapi.models.V1HTTPIngressPath;
import io.kubernetes.client.openapi.models.V1HTTPIngressRuleValue;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1IngressBackend;
import io.kubernetes.client.openapi.models.V1IngressRule;
import io.kubernetes.client.openapi.models.V1IngressServiceBackend;
import io.kubernetes.client.openapi.models.V1IngressSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceBackendPort;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.util.ClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exact name resolution against a Kubernetes API: the fabric8 mock server in CRUD mode stands in for the
 * kube-apiserver (none can run here); objects are created and listed through the same client-java calls the
 * exporter makes in a cluster.
 */
class ClientJavaCatalogTest {
    private static final String CHECKOUT_MATCH = "Host(`shop.example.com`) && PathPrefix(`/checkout`)";

    private KubernetesMockServer server;
    private ApiClient client;
    private KubernetesNameResolver resolver;

    @BeforeEach
    void start() throws Exception {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.expectCustomResource(new CustomResourceDefinitionContext.Builder().withGroup("traefik.io")
                .withVersion("v1alpha1").withPlural("ingressroutes").withKind("IngressRoute").withScope("Namespaced").build());
        server.init();
        client = new ClientBuilder().setBasePath(server.url("/").replaceAll("/$", "")).setVerifyingSsl(false)
                .setReadTimeout(Duration.ofSeconds(5)).build();
        CoreV1Api core = new CoreV1Api(client);
        NetworkingV1Api networking = new NetworkingV1Api(client);
        CustomObjectsApi custom = new CustomObjectsApi(client);

        core.createNamespacedService("shop", service("shop", "web", port("http", 80))).execute();
        core.createNamespacedService("shop", service("shop", "payments", port(null, 8080))).execute();
        core.createNamespacedService("team-a", service("team-a", "api", port(null, 8080))).execute();
        networking.createNamespacedIngress("shop", new V1Ingress().apiVersion("networking.k8s.io/v1").kind("Ingress")
                .metadata(new V1ObjectMeta().name("storefront").namespace("shop"))
                .spec(new V1IngressSpec().rules(List.of(new V1IngressRule().host("shop.example.com")
                        .http(new V1HTTPIngressRuleValue().paths(List.of(new V1HTTPIngressPath().path("/cart").pathType("Prefix")
                                .backend(new V1IngressBackend().service(new V1IngressServiceBackend().name("web")
                                        .port(new V1ServiceBackendPort().number(80))))))))))).execute();
        Map<String, Object> ingressRoute = Map.of(
                "apiVersion", "traefik.io/v1alpha1", "kind", "IngressRoute",
                "metadata", Map.of("name", "checkout", "namespace", "shop"),
                "spec", Map.of("entryPoints", List.of("websecure"), "routes", List.of(Map.of(
                        "match", CHECKOUT_MATCH, "kind", "Rule",
                        "services", List.of(Map.of("name", "payments", "port", 8080))))));
        custom.createNamespacedCustomObject("traefik.io", "v1alpha1", "shop", "ingressroutes", ingressRoute).execute();

        resolver = new KubernetesNameResolver(new ClientJavaCatalog(core, networking, custom),
                new ParsedNameResolver(List.of("web", "websecure")));
    }

    @AfterEach
    void stop() {
        server.destroy();
    }

    private static V1Service service(String ns, String name, V1ServicePort port) {
        return new V1Service().apiVersion("v1").kind("Service").metadata(new V1ObjectMeta().name(name).namespace(ns))
                .spec(new V1ServiceSpec().ports(List.of(port)));
    }

    private static V1ServicePort port(String name, int number) {
        return new V1ServicePort().name(name).port(number);
    }

    @Test
    void resolvesTraefikNamesExactlyFromTheApi() {
        assertTrue(resolver.refresh());
        ResolvedName web = new ResolvedName("shop", "web", Resolution.API);
        assertEquals(web, resolver.backend("shop-web-80@kubernetes"));
        assertEquals(web, resolver.backend("shop-web-http@kubernetes"), "by port name");
        // A namespace with a dash is where parsing must guess wrong and the API cannot.
        assertEquals(new ResolvedName("team", "a-api", Resolution.PARSED), new ParsedNameResolver(List.of()).backend("team-a-api-8080@kubernetes"));
        assertEquals(new ResolvedName("team-a", "api", Resolution.API), resolver.backend("team-a-api-8080@kubernetes"));

        ResolvedName storefront = new ResolvedName("shop", "storefront", Resolution.API);
        assertEquals(storefront, resolver.route("shop-storefront-shop-example-com-cart@kubernetes"));
        assertEquals(storefront, resolver.route("websecure-shop-storefront-shop-example-com-cart@kubernetes"));
        assertEquals(storefront, resolver.route("storefront-shop-shop-example-com-cart@kubernetes"), "pre-2.8.2 order");

        String router = "shop-checkout-" + TraefikNames.hash20(CHECKOUT_MATCH) + "@kubernetescrd";
        assertEquals(new ResolvedName("shop", "checkout", Resolution.API), resolver.route(router));
        // Single-Service IngressRoute: Traefik names the backend after the router; the API says which Service.
        assertEquals(new ResolvedName("shop", "payments", Resolution.API), resolver.backend(router));
    }

    @Test
    void unknownNamesFallBackToParsingAndSaySo() {
        assertTrue(resolver.refresh());
        assertEquals(new ResolvedName("shop", "cart", Resolution.PARSED), resolver.backend("shop-cart-80@kubernetes"));
        assertEquals(Resolution.NONE, resolver.backend("whoami@docker").resolution());
    }

    @Test
    void unreachableApiKeepsTheLastIndex() {
        assertTrue(resolver.refresh());
        server.destroy();
        assertFalse(resolver.refresh());
        assertEquals(new ResolvedName("shop", "web", Resolution.API), resolver.backend("shop-web-80@kubernetes"));
    }

    @Test
    void neverReadApiFallsBackToParsing() {
        server.destroy();
        assertFalse(resolver.refresh());
        assertEquals(new ResolvedName("shop", "web", Resolution.PARSED), resolver.backend("shop-web-80@kubernetes"));
    }
}
