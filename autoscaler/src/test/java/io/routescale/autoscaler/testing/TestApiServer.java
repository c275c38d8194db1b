package io.routescale.autoscaler.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.apis.AutoscalingV2Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1DeploymentStatus;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V2CrossVersionObjectReference;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscalerSpec;
import io.kubernetes.client.openapi.models.V2ExternalMetricSource;
import io.kubernetes.client.openapi.models.V2MetricIdentifier;
import io.kubernetes.client.openapi.models.V2MetricSpec;
import io.kubernetes.client.openapi.models.V2MetricTarget;
import io.kubernetes.client.openapi.models.V2ResourceMetricSource;
import io.kubernetes.client.util.ClientBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes API server for tests: the fabric8 CRUD engine ({@link FaithfulDispatcher}, with a faithful
 * {@code /scale} and discovery) behind the JDK's plain HTTP server, which also serves list and HTTP streaming
 * watch of collections from {@link WatchHub} (the engine's own watch is WebSocket only); and a client-java
 * {@link ApiClient} pointed at it with read timeouts.
 */
public final class TestApiServer implements AutoCloseable {
    /** A collection: API prefix, optional namespace, plural, and nothing after it. */
    private static final Pattern COLLECTION = Pattern.compile("(/api/[^/]+|/apis/[^/]+/[^/]+)(?:/namespaces/([^/]+))?/([^/]+)/?");

    static {
        // Without TCP_NODELAY the JDK server's small answers wait on the client's delayed ACK: 40 ms a request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public final FaithfulDispatcher dispatcher = new FaithfulDispatcher();
    public final ApiClient client;
    /** GET requests other than watches: object reads and lists. */
    public final AtomicInteger reads = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-api-server");
        t.setDaemon(true);
        return t;
    });
    private final int port;
    private volatile HttpServer http;

    public TestApiServer() {
        http = bind(0);
        port = http.getAddress().getPort();
        client = new ClientBuilder().setBasePath(baseUrl()).setVerifyingSsl(false)
                .setReadTimeout(Duration.ofSeconds(5)).build();
    }

    /** Stops answering: connections are refused and open watches end, as when the API server goes away. */
    public void goDown() {
        dispatcher.watches.endWatches();
        http.stop(0);
    }

    /** Answers again on the same address, with everything it stored. */
    public void comeBack() {
        http = bind(port);
    }

    private HttpServer bind(int at) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), at), 0);
            s.createContext("/", this::serve);
            s.setExecutor(threads);
            s.start();
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind the API server for tests to port " + at + ": " + e.getMessage(), e);
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } catch (RuntimeException e) {
            // A fault of this test server shows as a 500 naming it, not as a connection reset.
            respond(exchange, FaithfulDispatcher.status(500, "InternalError", "test API server: " + e));
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        Map<String, String> params = params(query);
        Matcher collection = COLLECTION.matcher(path);
        boolean get = "GET".equals(exchange.getRequestMethod());
        if (get && collection.matches()) {
            WatchHub.Query q;
            try {
                q = new WatchHub.Query(new WatchHub.Resource(collection.group(1), collection.group(3)), collection.group(2),
                        Selectors.labels(params.get("labelSelector")), Selectors.fields(params.get("fieldSelector")));
            } catch (Selectors.BadSelector e) {
                respond(exchange, FaithfulDispatcher.status(400, "BadRequest", e.getMessage()));
                return;
            }
            if ("true".equals(params.get("watch")) || "1".equals(params.get("watch"))) {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, 0);
                Duration timeout = params.containsKey("timeoutSeconds")
                        ? Duration.ofSeconds(Long.parseLong(params.get("timeoutSeconds"))) : dispatcher.watches.defaultWatchTimeout;
                try (OutputStream out = exchange.getResponseBody()) {
                    dispatcher.watches.watch(q, params.get("resourceVersion"), "true".equals(params.get("allowWatchBookmarks")),
                            timeout, out);
                } catch (IOException gone) {
                    // The client closed the stream.
                }
                return;
            }
            reads.incrementAndGet();
            byte[] body = dispatcher.watches.list(q);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            return;
        }
        if (get) {
            reads.incrementAndGet();
        }
        Headers.Builder headers = Headers.builder();
        exchange.getRequestHeaders().forEach((k, vs) -> vs.forEach(v -> headers.add(k, v)));
        byte[] body = exchange.getRequestBody().readAllBytes();
        respond(exchange, dispatcher.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.valueOf(exchange.getRequestMethod()),
                query == null ? path : path + "?" + query, headers.build(), new Buffer(body))));
    }

    private static void respond(HttpExchange exchange, MockResponse r) throws IOException {
        byte[] body = r.getBody() == null ? new byte[0] : r.getBody().getBytes();
        r.getHeaders().toMultimap().forEach((k, vs) -> vs.forEach(v -> exchange.getResponseHeaders().add(k, v)));
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(r.code(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private static Map<String, String> params(String rawQuery) {
        Map<String, String> out = new HashMap<>();
        if (rawQuery == null) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    public void createDeployment(String ns, String name, int replicas, int ready) throws Exception {
        new AppsV1Api(client).createNamespacedDeployment(ns, new V1Deployment().apiVersion("apps/v1").kind("Deployment")
                .metadata(new V1ObjectMeta().name(name).namespace(ns))
                .spec(new V1DeploymentSpec().replicas(replicas).selector(new V1LabelSelector().matchLabels(Map.of("app", name)))
                        .template(new V1PodTemplateSpec().metadata(new V1ObjectMeta().labels(Map.of("app", name)))
                                .spec(new V1PodSpec().containers(List.of(new V1Container().name(name).image("traefik/whoami"))))))
                .status(new V1DeploymentStatus().replicas(replicas).readyReplicas(ready))).execute();
    }

    /**
     * A pod as the scheduler leaves it: {@code Pending} and, when {@code unschedulableMessage} is not null, with
     * condition {@code PodScheduled=False} reason {@code Unschedulable} and that message (what kube-scheduler
     * writes when no node fits); {@code phase} {@code Running} with {@code PodScheduled=True} otherwise.
     */
    public void createPod(String ns, String name, Map<String, String> labels, String phase, String unschedulableMessage)
            throws Exception {
        V1PodCondition scheduled = unschedulableMessage == null
                ? new V1PodCondition().type("PodScheduled").status("True")
                : new V1PodCondition().type("PodScheduled").status("False").reason("Unschedulable").message(unschedulableMessage);
        new CoreV1Api(client).createNamespacedPod(ns, new V1Pod().apiVersion("v1").kind("Pod")
                .metadata(new V1ObjectMeta().name(name).namespace(ns).labels(labels))
                .spec(new V1PodSpec().containers(List.of(new V1Container().name("app").image("traefik/whoami"))))
                .status(new V1PodStatus().phase(phase).conditions(List.of(scheduled)))).execute();
    }

    /** Sets a Deployment's {@code status.readyReplicas} (no controller runs here to do it). */
    public void setReady(String ns, String name, int ready) throws Exception {
        AppsV1Api apps = new AppsV1Api(client);
        V1Deployment d = apps.readNamespacedDeployment(name, ns).execute();
        d.getStatus().setReadyReplicas(ready);
        apps.replaceNamespacedDeployment(name, ns, d).execute();
    }

    public void createHpa(String ns, String name, String target, int min, int max) throws Exception {
        createHpa(ns, name, target, min, max, List.of());
    }

    /** An HPA with these {@code spec.metrics}, e.g. {@link #externalAverageValue}. */
    public void createHpa(String ns, String name, String target, int min, int max, List<V2MetricSpec> metrics) throws Exception {
        new AutoscalingV2Api(client).createNamespacedHorizontalPodAutoscaler(ns, new V2HorizontalPodAutoscaler()
                .apiVersion("autoscaling/v2").kind("HorizontalPodAutoscaler")
                .metadata(new V1ObjectMeta().name(name).namespace(ns))
                .spec(new V2HorizontalPodAutoscalerSpec().minReplicas(min).maxReplicas(max).metrics(metrics.isEmpty() ? null : metrics)
                        .scaleTargetRef(new V2CrossVersionObjectReference().apiVersion("apps/v1").kind("Deployment").name(target)))).execute();
    }

    /** An External metric with an {@code AverageValue} target, as prometheus-adapter or KEDA serve routescale's signals. */
    public static V2MetricSpec externalAverageValue(String metric, String averageValue) {
        return new V2MetricSpec().type("External").external(new V2ExternalMetricSource()
                .metric(new V2MetricIdentifier().name(metric))
                .target(new V2MetricTarget().type("AverageValue").averageValue(io.kubernetes.client.custom.Quantity.fromString(averageValue))));
    }

    /** A Resource metric (CPU utilization): it names no metric routescale could write. */
    public static V2MetricSpec cpuUtilization(int percent) {
        return new V2MetricSpec().type("Resource").resource(new V2ResourceMetricSource().name("cpu")
                .target(new V2MetricTarget().type("Utilization").averageUtilization(percent)));
    }

    /** Creates or replaces the policy ConfigMap routescale/routescale-policy (key policy.yaml), as kubectl apply would. */
    public void putPolicy(String policy) throws Exception {
        V1ConfigMap cm = new V1ConfigMap().apiVersion("v1").kind("ConfigMap")
                .metadata(new V1ObjectMeta().name("routescale-policy").namespace("routescale")).data(Map.of("policy.yaml", policy));
        CoreV1Api core = new CoreV1Api(client);
        try {
            core.replaceNamespacedConfigMap("routescale-policy", "routescale", cm).execute();
        } catch (io.kubernetes.client.openapi.ApiException e) {
            if (e.getCode() != 404) {
                throw e;
            }
            core.createNamespacedConfigMap("routescale", cm).execute();
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        goDown();
        threads.shutdownNow();
    }
}
