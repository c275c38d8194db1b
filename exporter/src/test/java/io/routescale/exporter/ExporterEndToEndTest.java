package io.routescale.exporter;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.routescale.http.StreamingMetricsServer;
import io.routescale.exporter.testing.FakeTraefikServer;
import io.routescale.exporter.testing.Promtool;
import io.routescale.exporter.testing.RealPrometheus;
import io.routescale.exporter.testing.SyntheticTraefik;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole exporter as it runs in production (Micronaut context, scheduled scrapes, real clock) against a
 * synthetic Traefik, read by a real Prometheus and linted by the real promtool.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExporterEndToEndTest implements TestPropertyProvider {
    private final SyntheticTraefik traefik = SyntheticTraefik.ofSize(3, SyntheticTraefik.Generation.V2, true);
    private final long startMillis = System.currentTimeMillis();
    private FakeTraefikServer server;

    @Inject
    StreamingMetricsServer metricsServer;

    @Inject
    @Client("/")
    HttpClient client;

    @Override
    public Map<String, String> getProperties() {
        server = new FakeTraefikServer();
        server.serve(() -> traefik.render((System.currentTimeMillis() - startMillis) / 1000.0).getBytes(StandardCharsets.UTF_8));
        return Map.of(
                "routescale.exporter.traefik-url", server.url().toString(),
                "routescale.exporter.scrape-interval", "1s",
                "routescale.exporter.scrape-timeout", "900ms",
                "routescale.exporter.metrics-host", "127.0.0.1",
                "routescale.exporter.metrics-port", Integer.toString(RealPrometheus.freePort()),
                "micronaut.server.port", "-1");
    }

    @AfterAll
    void stopTraefik() {
        server.close();
    }

    private String metricsText() throws IOException, InterruptedException {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        return http.send(java.net.http.HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + metricsServer.getPort() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    private void awaitSignals() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!metricsText().contains("routescale_backend_requests_per_second{")) {
            assertTrue(System.nanoTime() < deadline, "no signal within 30 s:\n" + metricsText());
            Thread.sleep(250);
        }
    }

    @Test
    void expositionPassesPromtoolLint() throws Exception {
        awaitSignals();
        String text = metricsText();
        Promtool.Result lint = Promtool.checkMetrics(text);
        assertEquals(0, lint.exitCode(), lint.output() + "\n---\n" + text);
        for (String family : List.of("routescale_backend_requests_per_second", "routescale_backend_error_ratio",
                "routescale_backend_latency_seconds", "routescale_backend_latency_mean_seconds",
                "routescale_backend_inflight_requests", "routescale_route_requests_per_second",
                "routescale_route_latency_seconds", "routescale_traefik_up",
                "routescale_traefik_last_success_timestamp_seconds", "routescale_exporter_scrape_duration_seconds",
                "routescale_exporter_scrape_errors_total")) {
            assertTrue(text.contains("# HELP " + family + " "), "HELP of " + family);
            assertTrue(text.contains("# TYPE " + family + " "), "TYPE of " + family);
        }
        assertTrue(text.contains("routescale_backend_latency_seconds{namespace=\"ns1\",resolution=\"parsed\",service=\"svc1\",traefik_service=\"ns1-svc1-80@kubernetes\",window=\"10s\",quantile=\"0.99\"}"),
                text);
    }

    @Test
    void realPrometheusScrapesTheSignalsAndPromqlReturnsTheKnownRates() throws Exception {
        awaitSignals();
        try (RealPrometheus prometheus = new RealPrometheus(List.of("127.0.0.1:" + metricsServer.getPort()), Duration.ofSeconds(1))) {
            // Backends serve 1, 2 and 3 rps (SyntheticTraefik.ofSize).
            Optional<Double> one = prometheus.awaitScalar(
                    "routescale_backend_requests_per_second{namespace=\"ns2\",service=\"svc2\",window=\"10s\"}",
                    v -> Math.abs(v - 3) < 0.15, Duration.ofSeconds(45));
            assertTrue(one.isPresent(), "no answer from Prometheus:\n" + prometheus.log());
            assertEquals(3.0, one.get(), 0.15);
            Optional<Double> sum = prometheus.awaitScalar("sum(routescale_backend_requests_per_second{window=\"10s\"})",
                    v -> Math.abs(v - 6) < 0.3, Duration.ofSeconds(20));
            assertEquals(6.0, sum.orElseThrow(), 0.3);
            Optional<Double> up = prometheus.queryScalar("routescale_traefik_up");
            assertEquals(1.0, up.orElseThrow());
        }
    }

    @Test
    void signalsEndpointServesJsonWithFreshness() throws Exception {
        awaitSignals();
        Map<?, ?> body = client.toBlocking().retrieve("/signals", Map.class);
        Map<?, ?> traefikView = (Map<?, ?>) body.get("traefik");
        assertEquals(true, traefikView.get("up"));
        assertEquals(false, traefikView.get("stale"));
        assertEquals("V2", traefikView.get("generation"));
        List<?> backends = (List<?>) body.get("backends");
        assertEquals(3, backends.size());
        Map<?, ?> first = (Map<?, ?>) backends.get(0);
        assertEquals("ns0", first.get("namespace"));
        assertEquals("svc0", first.get("name"));
        assertEquals("parsed", first.get("resolution"));
        assertEquals("gauge", ((Map<?, ?>) ((List<?>) first.get("windows")).get(0)).get("inflightSource"));
        Map<?, ?> fast = (Map<?, ?>) ((List<?>) first.get("windows")).get(0);
        assertEquals("10s", fast.get("window"));
        assertEquals(1.0, ((Number) fast.get("requestsPerSecond")).doubleValue(), 0.1);
        assertEquals(3, ((List<?>) body.get("routes")).size());
    }

    @Test
    void livenessIsUpWhileTheLoopTurns() {
        Map<?, ?> health = client.toBlocking().retrieve("/health/liveness", Map.class);
        assertEquals("UP", health.get("status"));
    }
}
