package io.routescale.autoscaler.faults;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.AutoscalingV2Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.util.ClientBuilder;
import io.micronaut.serde.ObjectMapper;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.routescale.autoscaler.ScaleLoop;
import io.routescale.autoscaler.act.Actuator;
import io.routescale.autoscaler.act.ScaleClient;
import io.routescale.autoscaler.k8s.ClientJavaCluster;
import io.routescale.autoscaler.decide.TargetStep;
import io.routescale.autoscaler.explain.AutoscalerMetrics;
import io.routescale.autoscaler.explain.Explainer;
import io.routescale.autoscaler.policy.PolicyParser;
import io.routescale.autoscaler.policy.PolicyStore;
import io.routescale.autoscaler.policy.SignalSelector;
import io.routescale.autoscaler.signals.ExporterSignalSource;
import io.routescale.autoscaler.signals.PrometheusSignalSource;
import io.routescale.autoscaler.signals.SelectorValues;
import io.routescale.autoscaler.signals.SignalSource;
import io.routescale.autoscaler.testing.Intercept;
import io.routescale.autoscaler.testing.TestApiServer;
import io.routescale.exporter.config.ExporterConfig;
import io.routescale.exporter.expose.SignalsController;
import io.routescale.exporter.parse.ParseLimits;
import io.routescale.exporter.testing.FakeTraefikServer;
import io.routescale.exporter.testing.MutableClock;
import io.routescale.exporter.testing.PipelineHarness;
import io.routescale.exporter.testing.SyntheticTraefik;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault matrix (docs/reliability.md): each fault injected into a running chain, and for each, two things
 * asserted: nothing scales down while data is missing or wrong, and the fault is visible (a metric, an Event or
 * a log line). The chain is real wherever it can run here: two synthetic Traefik replicas served over HTTP →
 * two real exporter pipelines (scrape, parse, window, signals, the /signals controller) → the autoscaler's
 * ExporterSignalSource over HTTP → ScaleLoop → client-java → the API server for tests. Prometheus faults use a
 * stand-in HTTP server for the states a real Prometheus cannot be put in on demand (slow, NaN).
 *
 * <p>The target, shop/web, serves 300 rps at 50 rps per replica: 6 replicas. A reading of zero, or of one
 * Traefik replica's half, would take it to 1 or 3 within the built-in 60 s scale-down window; every fault runs
 * for longer than that. {@link #controlARealDropDoesScaleDown} shows the same chain does scale down when the
 * load really falls, so "no scale-down" below is the fault handling, not a chain that cannot move.
 */
class FaultMatrixTest {
    private static final String POLICY = """
            defaults: {burst: {enabled: false}}
            targets:
              - {namespace: shop, name: web, maxReplicas: 20, signals: [{type: rpsPerReplica, target: 50}]}
            """;
    private static final Duration TICK = Duration.ofSeconds(2);

    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private final List<TraefikReplica> traefiks = new ArrayList<>();
    private final List<HttpServer> servers = new ArrayList<>();
    private TestApiServer api;
    private PrometheusRegistry registry;
    private PolicyStore store;
    private ScaleLoop loop;
    private SignalSource exporters;
    private SignalSource source;
    private int lowest = Integer.MAX_VALUE;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    /** One Traefik replica: its synthetic counters, served over HTTP, scraped by a real exporter pipeline. */
    private final class TraefikReplica {
        final SyntheticTraefik traefik = new SyntheticTraefik(
                List.of(new SyntheticTraefik.Backend("shop-web-80@kubernetes", 150, 0.0, 0.0, 2)), SyntheticTraefik.Generation.V3, false);
        final FakeTraefikServer server = new FakeTraefikServer();
        final PipelineHarness pipeline;
        final SignalsController controller;
        volatile String exporterMode = "ok";
        final URI signalsUrl;

        TraefikReplica() throws IOException {
            server.serve(() -> traefik.render(seconds()).getBytes(StandardCharsets.UTF_8));
            pipeline = new PipelineHarness(server.url(), ParseLimits.DEFAULT, Duration.ofMillis(500), clock);
            ExporterConfig config = new ExporterConfig();
            controller = new SignalsController(pipeline.board, clock, config, ObjectMapper.getDefault());
            HttpServer exporter = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            exporter.createContext("/signals", ex -> {
                if (exporterMode.equals("garbage")) {
                    byte[] body = "<html>502 Bad Gateway</html>".getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(200, body.length);
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(body);
                    }
                    return;
                }
                // The exporter's own streamed document, sent chunked as Netty sends it.
                ex.sendResponseHeaders(200, 0);
                try (OutputStream out = ex.getResponseBody()) {
                    for (byte[] chunk : Flux.from(controller.signals()).toIterable()) {
                        out.write(chunk);
                    }
                }
            });
            exporter.start();
            servers.add(exporter);
            signalsUrl = URI.create("http://127.0.0.1:" + exporter.getAddress().getPort() + "/signals");
        }
    }

    private double seconds() {
        return (clock.millis() - 1_700_000_000_000L) / 1000.0;
    }

    @BeforeEach
    void start() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        api = new TestApiServer();
        api.createDeployment("shop", "web", 6, 6);
        api.putPolicy(POLICY);
        traefiks.add(new TraefikReplica());
        traefiks.add(new TraefikReplica());
        exporters = new ExporterSignalSource(() -> traefiks.stream().map(t -> t.signalsUrl).toList(),
                HttpClient.newHttpClient(), Duration.ofMillis(500), ObjectMapper.getDefault());
        source = exporters;
        build(new ClientJavaCluster(api.client, "routescale-autoscaler", "test-0"));
        // 80 s of steady load: the 60 s window fills and the target settles at 6.
        run(40);
        assertEquals(6, replicas(), "steady state");
        lowest = Integer.MAX_VALUE;
    }

    private void build(ClientJavaCluster cluster) {
        build(cluster, cluster);
    }

    /** @param scale how replicas are read and written (the API server's client, or one with a hook in it) */
    private void build(ClientJavaCluster cluster, ScaleClient scale) {
        registry = new PrometheusRegistry();
        AutoscalerMetrics metrics = new AutoscalerMetrics(registry);
        store = new PolicyStore(cluster, cluster, new PolicyParser(), metrics, "routescale", "routescale-policy", "policy.yaml");
        assertTrue(store.refresh());
        SignalSource switchable = new SignalSource() {
            @Override
            public Map<SignalSelector, SelectorValues> read(Set<SignalSelector> wanted) {
                return source.read(wanted);
            }

            @Override
            public OptionalDouble lastAgeSeconds() {
                return source.lastAgeSeconds();
            }

            @Override
            public String name() {
                return source.name();
            }
        };
        loop = new ScaleLoop(store::current, switchable, scale, new TargetStep(),
                new Actuator(scale, 3, Duration.ofMillis(1), d -> { }), new Explainer(cluster, metrics), metrics, clock);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        traefiks.forEach(t -> {
            t.pipeline.close();
            t.server.close();
        });
        servers.forEach(s -> s.stop(0));
        api.close();
    }

    /** {@code ticks} cycles of 2 s: every exporter scrapes its Traefik, then the autoscaler decides and acts. */
    private void run(int ticks) throws Exception {
        for (int i = 0; i < ticks; i++) {
            clock.advance(TICK);
            for (TraefikReplica t : traefiks) {
                t.pipeline.pipeline.runOnce();
            }
            loop.runOnce();
            lowest = Math.min(lowest, replicas());
        }
    }

    private int replicas() throws Exception {
        return new AppsV1Api(api.client).readNamespacedDeployment("web", "shop").execute().getSpec().getReplicas();
    }

    private List<String> events(String namespace) throws Exception {
        return new CoreV1Api(api.client).listNamespacedEvent(namespace).execute().getItems().stream()
                .map(e -> e.getReason() + ": " + e.getMessage()).toList();
    }

    /** The exposition of a registry, for asserting on metric lines. */
    private static String scrape(PrometheusRegistry r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PrometheusTextFormatWriter(false).write(out, r.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    private boolean logged(String fragment) {
        return logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains(fragment));
    }

    private void assertHeldAtSix() throws Exception {
        assertTrue(lowest >= 6, "scaled down to " + lowest + " during the fault");
    }

    private void assertHoldingVisibly() throws Exception {
        assertTrue(scrape(registry).contains("routescale_autoscaler_signals_missing{namespace=\"shop\",target=\"web\"} 1.0"), scrape(registry));
        assertTrue(events("shop").stream().anyMatch(e -> e.startsWith("SignalsMissing: keep shop/web 6")), events("shop").toString());
    }

    // --- control ---------------------------------------------------------------------------------------------

    @Test
    void controlARealDropDoesScaleDown() throws Exception {
        traefiks.forEach(t -> t.traefik.step(seconds(), 1.0 / 3));   // 300 -> 100 rps
        run(60);
        assertTrue(replicas() <= 3, "the same chain follows a real drop to 100 rps (2 to 3 replicas), got " + replicas());
    }

    // --- Traefik and the exporter ------------------------------------------------------------------------------

    @Test
    void traefikUnreachable() throws Exception {
        traefiks.forEach(t -> t.server.close());
        run(60);
        assertHeldAtSix();
        assertHoldingVisibly();
        String exporterMetrics = scrape(traefiks.get(0).pipeline.registry);
        assertTrue(exporterMetrics.matches("(?s).*routescale_exporter_scrape_errors_total\\{reason=\"unreachable\"} [1-9].*"), exporterMetrics);
        assertTrue(logged("Traefik scrape rejected (unreachable)"));
    }

    @Test
    void traefikRestartMidWindow() throws Exception {
        run(10);
        traefiks.get(0).traefik.restart(seconds());   // counters start again from zero, 20 s into the window
        run(40);
        assertHeldAtSix();
        assertEquals(6, replicas(), "no change either way: the restart is not a load change");
        assertTrue(scrape(traefiks.get(0).pipeline.registry).contains("routescale_exporter_traefik_restarts_total 1.0"));
        assertTrue(scrape(traefiks.get(0).pipeline.registry).contains("routescale_exporter_series_glitches_total 0.0"));
        assertTrue(logged("Traefik restarted since the last scrape"));
    }

    @Test
    void oneOfTwoTraefikReplicasGone() throws Exception {
        servers.get(1).stop(0);   // its pod is still listed, its exporter no longer answers
        run(60);
        assertHeldAtSix();
        assertTrue(logged("1 of 2 exporters gave no fresh signals: values are lower bounds, nothing scales down"));
    }

    @Test
    void exporterReturnsGarbage() throws Exception {
        traefiks.get(1).exporterMode = "garbage";
        run(60);
        assertHeldAtSix();
        assertTrue(logged("1 of 2 exporters gave no fresh signals"));
    }

    // --- Prometheus (source: prometheus) ----------------------------------------------------------------------

    /** A stand-in Prometheus HTTP API answering every instant query with {@code body} after {@code delayMillis}. */
    private URI prometheus(String body, long delayMillis) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/api/v1/query", ex -> {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            } catch (IOException ignored) {
                // the reader gave up
            }
        });
        s.start();
        servers.add(s);
        return URI.create("http://127.0.0.1:" + s.getAddress().getPort());
    }

    private void switchToPrometheus(URI url) {
        source = new PrometheusSignalSource(url, HttpClient.newHttpClient(), Duration.ofMillis(300), ObjectMapper.getDefault(),
                () -> List.of("10s", "60s"));
    }

    @Test
    void prometheusDown() throws Exception {
        switchToPrometheus(URI.create("http://127.0.0.1:1"));
        run(60);
        assertHeldAtSix();
        assertHoldingVisibly();
        assertTrue(logged("Prometheus query failed"));
    }

    @Test
    void prometheusSlow() throws Exception {
        switchToPrometheus(prometheus("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}", 1500));
        run(40);
        assertHeldAtSix();
        assertHoldingVisibly();
        assertTrue(logged("Prometheus query failed"));
    }

    @Test
    void prometheusEmptyResult() throws Exception {
        switchToPrometheus(prometheus("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}", 0));
        run(60);
        assertHeldAtSix();
        assertHoldingVisibly();
    }

    @Test
    void prometheusNaN() throws Exception {
        switchToPrometheus(prometheus("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{\"namespace\":\"shop\",\"service\":\"web\",\"window\":\"60s\"},\"value\":[1700000000,\"NaN\"]},"
                + "{\"metric\":{\"namespace\":\"shop\",\"service\":\"web\",\"window\":\"10s\"},\"value\":[1700000000,\"NaN\"]}]}}", 0));
        run(60);
        assertHeldAtSix();
        assertHoldingVisibly();
    }

    // --- the Kubernetes API -------------------------------------------------------------------------------------

    private void doubleTheLoad() {
        traefiks.forEach(t -> t.traefik.step(seconds(), 2));   // 600 rps: 12 replicas wanted
    }

    private String decisions() throws IOException {
        return scrape(registry);
    }

    @Test
    void apiConflict() throws Exception {
        // Another writer sets 9 between our read and our write: our stale resourceVersion gets a 409.
        AtomicInteger writes = new AtomicInteger();
        ClientJavaCluster k8s = new ClientJavaCluster(api.client, "routescale-autoscaler", "test-0");
        build(k8s, Intercept.before(k8s, "writeScale", () -> {
            if (writes.getAndIncrement() == 0) {
                var deployments = new AppsV1Api(api.client);
                var d = deployments.readNamespacedDeployment("web", "shop").execute();
                d.getSpec().setReplicas(9);
                deployments.replaceNamespacedDeployment("web", "shop", d).execute();
            }
        }));
        doubleTheLoad();
        run(3);
        assertHeldAtSix();
        assertTrue(decisions().contains("routescale_autoscaler_decisions_total{namespace=\"shop\",result=\"superseded\",target=\"web\"} 1.0"), decisions());
    }

    @Test
    void apiServerErrors() throws Exception {
        api.dispatcher.failNextWrites = 1_000;
        doubleTheLoad();
        run(20);
        assertHeldAtSix();
        assertEquals(6, replicas(), "nothing landed");
        assertTrue(decisions().matches("(?s).*routescale_autoscaler_decisions_total\\{namespace=\"shop\",result=\"failed\",target=\"web\"} [1-9].*"), decisions());
    }

    @Test
    void apiTimeout() throws Exception {
        var impatient = new ClientBuilder().setBasePath(api.baseUrl()).setVerifyingSsl(false)
                .setReadTimeout(Duration.ofMillis(300)).build();
        build(new ClientJavaCluster(impatient, "routescale-autoscaler", "test-0"));
        api.dispatcher.stallWritesMillis = 1_000;
        doubleTheLoad();
        run(5);
        api.dispatcher.stallWritesMillis = 0;
        assertHeldAtSix();
        assertTrue(decisions().matches("(?s).*routescale_autoscaler_decisions_total\\{namespace=\"shop\",result=\"failed\",target=\"web\"} [1-9].*"), decisions());
    }

    @Test
    void leaderLostInTheMiddleOfACycle() throws Exception {
        api.createDeployment("shop", "api", 6, 6);
        api.putPolicy(POLICY + "  - {namespace: shop, name: api, maxReplicas: 20, signals: [{type: rpsPerReplica, target: 50, backend: web}]}\n");
        assertTrue(store.refresh());
        run(1);
        AtomicInteger asked = new AtomicInteger();
        loop.whileLeading(() -> asked.getAndIncrement() == 0);   // the Lease is lost after the first target
        doubleTheLoad();
        int before = api.dispatcher.scalePatches.get();
        clock.advance(Duration.ofSeconds(12));
        traefiks.forEach(t -> t.pipeline.pipeline.runOnce());
        loop.runOnce();
        assertEquals(1, api.dispatcher.scalePatches.get() - before, "only the target decided while still leader was written");
        assertEquals(6, new AppsV1Api(api.client).readNamespacedDeployment("api", "shop").execute().getSpec().getReplicas());
        assertTrue(decisions().contains("routescale_autoscaler_errors_total{kind=\"leadership\"} 1.0"), decisions());
        assertTrue(logged("leadership lost in the middle of a cycle"));
    }

    // --- the policy and the targets -----------------------------------------------------------------------------

    @Test
    void configMapDeleted() throws Exception {
        new CoreV1Api(api.client).deleteNamespacedConfigMap("routescale-policy", "routescale").execute();
        assertTrue(!store.refresh());
        traefiks.forEach(t -> t.traefik.step(seconds(), 0.999));
        run(40);
        assertHeldAtSix();
        assertEquals(1, store.current().targets().size(), "the last good policy stays in force");
        assertTrue(logged("routescale-policy"), "the missing ConfigMap is logged");
    }

    @Test
    void configMapMadeInvalid() throws Exception {
        api.putPolicy("targets:\n  - {namespace: shop, name: web, maxReplicas: 0, signals: []}\n");
        assertTrue(!store.refresh());
        run(40);
        assertHeldAtSix();
        assertTrue(scrape(registry).contains("routescale_autoscaler_policy_valid 0.0"), scrape(registry));
        assertTrue(events("routescale").stream().anyMatch(e -> e.startsWith("PolicyRejected: invalid policy: targets[0].maxReplicas")));
    }

    @Test
    void targetDeploymentDeletedAndRecreated() throws Exception {
        new AppsV1Api(api.client).deleteNamespacedDeployment("web", "shop").execute();
        int patches = api.dispatcher.scalePatches.get();
        for (int i = 0; i < 10; i++) {
            clock.advance(TICK);
            traefiks.forEach(t -> t.pipeline.pipeline.runOnce());
            loop.runOnce();
        }
        assertEquals(patches, api.dispatcher.scalePatches.get(), "nothing written while it is gone");
        assertTrue(scrape(registry).matches("(?s).*routescale_autoscaler_errors_total\\{kind=\"api\"} [1-9].*"), scrape(registry));
        assertTrue(logged("cannot decide for"));
        api.createDeployment("shop", "web", 2, 2);   // re-created small, under the same load
        lowest = Integer.MAX_VALUE;
        run(5);
        assertTrue(lowest >= 2, "never below what it was re-created with");
        assertEquals(6, replicas(), "scaled up to the load again");
    }

    @Test
    void hpaDeletedUnderAnHpaTarget() throws Exception {
        api.createHpa("shop", "web", "web", 6, 20);
        api.putPolicy(POLICY.replace("maxReplicas: 20,", "maxReplicas: 20, mode: hpa, hpa: web,"));
        assertTrue(store.refresh());
        run(2);
        new AutoscalingV2Api(api.client).deleteNamespacedHorizontalPodAutoscaler("web", "shop").execute();
        int patches = api.dispatcher.scalePatches.get();
        doubleTheLoad();
        run(10);
        assertHeldAtSix();
        assertEquals(patches, api.dispatcher.scalePatches.get(), "routescale does not take over the workload");
        assertTrue(events("shop").stream().anyMatch(e -> e.contains("ScaleRefused")), events("shop").toString());
    }
}
