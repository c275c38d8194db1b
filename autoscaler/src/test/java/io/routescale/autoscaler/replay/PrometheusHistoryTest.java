package io.routescale.autoscaler.replay;

import io.micronaut.context.ApplicationContext;
import io.routescale.autoscaler.policy.PolicyParser;
import io.routescale.exporter.testing.FakeTraefikServer;
import io.routescale.exporter.testing.RealPrometheus;
import io.routescale.exporter.testing.SyntheticTraefik;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** History replay from a real Prometheus that scraped the real exporter, which scraped a synthetic Traefik. */
class PrometheusHistoryTest {

    @Test
    void replaysARangeOfExporterSignals() throws Exception {
        SyntheticTraefik traefik = new SyntheticTraefik(List.of(new SyntheticTraefik.Backend("shop-web-80@kubernetes", 120, 0, 0, 1)),
                SyntheticTraefik.Generation.V3, false);
        long start = System.nanoTime();
        int metricsPort = RealPrometheus.freePort();
        try (FakeTraefikServer server = new FakeTraefikServer()) {
            server.serve(() -> traefik.render((System.nanoTime() - start) / 1e9).getBytes(StandardCharsets.UTF_8));
            try (ApplicationContext exporter = ApplicationContext.run(Map.of(
                    "routescale.autoscaler.enabled", "false",
                    "routescale.exporter.traefik-url", server.url().toString(),
                    "routescale.exporter.scrape-interval", "1s",
                    "routescale.exporter.scrape-timeout", "800ms",
                    "routescale.exporter.metrics-host", "127.0.0.1",
                    "routescale.exporter.metrics-port", Integer.toString(metricsPort)));
                 RealPrometheus prometheus = new RealPrometheus(List.of("127.0.0.1:" + metricsPort), Duration.ofSeconds(1))) {
                assertTrue(exporter.isRunning());
                // Wait until Prometheus has held the signal for well over the 10 s range read below.
                assertTrue(prometheus.awaitScalar("count_over_time(routescale_backend_requests_per_second{window=\"10s\"}[30s])",
                        v -> v >= 18, Duration.ofSeconds(60)).isPresent(), prometheus.log());
                Instant to = Instant.now().minusSeconds(1);
                Instant from = to.minusSeconds(10);
                Trace trace = PrometheusHistory.read(prometheus.url(), from, to, Duration.ofSeconds(1), PrometheusHistory.DEFAULT_QUERY);
                double[] rps = trace.observed().get("shop/web");
                assertEquals(10, rps.length);
                for (double v : rps) {
                    assertEquals(120, v, 120 * 0.03, "one value per second, the exporter's 10 s rate");
                }
                Report report = Replay.run(trace, new PolicyParser().parse(
                        "targets: [{namespace: shop, name: web, signals: [{type: rpsPerReplica, target: 60}]}]"),
                        ClusterModel.DEFAULT, "p", null);
                assertEquals(10, report.policies().get("routescale").replicas().length);
                // ~120.5 rps: 2 replicas at 60 per replica would be just under; the start rounds up to 3, and a
                // 10 s history never fills the 60 s window, so nothing scales down. The oracle needs 2.
                int routescale = report.policies().get("routescale").replicas()[9];
                assertTrue(routescale == 2 || routescale == 3, "replicas " + routescale);
                assertEquals(2, report.policies().get("oracle").replicas()[9]);
            }
        }
    }

    @Test
    void emptyRangeIsAnError() {
        ReplayException e = org.junit.jupiter.api.Assertions.assertThrows(ReplayException.class,
                () -> PrometheusHistory.read(java.net.URI.create("http://127.0.0.1:1"), Instant.parse("2026-01-01T00:00:10Z"),
                        Instant.parse("2026-01-01T00:00:00Z"), Duration.ofSeconds(1), "up"));
        assertTrue(e.getMessage().contains("must be after --from"), e.getMessage());
    }
}
