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
        server.expectCustomResource(new CustomResourceDefinitionContext.Builder().withGroup("gateway.networking.k8s.io")
                .withVersion("v1").withPlural("httproutes").withKind("HTTPRoute").withScope("Namespaced").build());
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
        // Traefik's fixture httproute/two_rules.yml, in a namespace with a dash. GRPCRoutes are not served here
        // (a cluster whose Gateway API CRDs predate GRPCRoute v1): the list answers 404 and there are none.
        Map<String, Object> httpRoute = Map.of(
                "apiVersion", "gateway.networking.k8s.io/v1", "kind", "HTTPRoute",
                "metadata", Map.of("name", "http-app-1", "namespace", "team-a"),
                "spec", Map.of("parentRefs", List.of(Map.of("name", "my-gateway")), "rules", List.of(
                        Map.of("matches", List.of(Map.of("path", Map.of("type", "Exact", "value", "/bar"))),
                                "backendRefs", List.of(Map.of("name", "whoami", "port", 80, "weight", 1, "kind", "Service", "group", ""))),
                        Map.of("matches", List.of(Map.of("path", Map.of("type", "Exact", "value", "/bir"))),
                                "backendRefs", List.of(Map.of("name", "whoami2", "port", 8080, "weight", 1, "kind", "Service", "group", ""))))));
        custom.createNamespacedCustomObject("gateway.networking.k8s.io", "v1", "team-a", "httproutes", httpRoute).execute();

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
    void resolvesGatewayApiRoutesFromTheApi() {
        assertTrue(resolver.refresh());
        String router = "httproute-team-a-http-app-1-gw-team-a-my-gateway-ep-web-1-9618b798382aa725aa8b";
        assertEquals(new ResolvedName("team-a", "http-app-1", Resolution.API), resolver.route(router + "@kubernetesgateway"));
        assertEquals(new ResolvedName("team-a", "whoami2", Resolution.API),
                resolver.backend(router + "-svc-team-a-whoami2-0@kubernetesgateway"));
        assertEquals(new ResolvedName("team-a", "whoami", Resolution.API), resolver.backend("team-a-whoami-http-80@kubernetesgateway"));
        assertEquals(new ResolvedName("team", "a-whoami", Resolution.PARSED), resolver.backend("team-a-whoami-http-81@kubernetesgateway"),
                "a port no route names");
    }

    @Test
    void gatewayRoutesThatMayNotBeListedAreParsedAndTheRestStaysExact() throws Exception {
        // client-java against a plain HTTP server: empty lists for the core kinds, 403 for the Gateway API ones
        // (Traefik's ServiceAccount without its Gateway API provider's RBAC rows).
        com.sun.net.httpserver.HttpServer api = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            boolean gateway = path.startsWith("/apis/gateway.networking.k8s.io/");
            String items = path.endsWith("/services")
                    ? "[{\"metadata\":{\"name\":\"whoami\",\"namespace\":\"default\"},\"spec\":{\"ports\":[{\"port\":80}]}}]" : "[]";
            byte[] body = (gateway ? "{\"kind\":\"Status\",\"code\":403}" : "{\"items\":" + items + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(gateway ? 403 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
        try {
            ApiClient forbidden = new ClientBuilder().setBasePath("http://127.0.0.1:" + api.getAddress().getPort()).build();
            KubernetesNameResolver r = new KubernetesNameResolver(new ClientJavaCatalog(new CoreV1Api(forbidden),
                    new NetworkingV1Api(forbidden), new CustomObjectsApi(forbidden)), new ParsedNameResolver(List.of()));
            assertTrue(r.refresh(), "a forbidden Gateway API list does not fail the refresh");
            assertEquals(new ResolvedName("default", "whoami", Resolution.API), r.backend("default-whoami-80@kubernetes"));
            assertEquals(new ResolvedName("default", "whoami", Resolution.PARSED), r.backend("default-whoami-http-80@kubernetesgateway"));
        } finally {
            api.stop(0);
        }
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
