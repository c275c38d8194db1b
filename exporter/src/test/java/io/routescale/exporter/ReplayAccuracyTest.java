package io.routescale.exporter;

import io.routescale.exporter.signal.ExporterState;
import io.routescale.signals.TargetSignals;
import io.routescale.signals.WindowSignals;
import io.routescale.exporter.testing.FakeTraefikServer;
import io.routescale.exporter.testing.PipelineHarness;
import io.routescale.exporter.testing.SyntheticTraefik;
import io.routescale.exporter.testing.SyntheticTraefik.Backend;
import io.routescale.exporter.testing.SyntheticTraefik.Generation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays a Traefik whose counters grow at known rates, restarts it once, and checks what the exporter
 * reports against the truth, through the real HTTP scrape, parser, window and signal stages.
 *
 * <p>Tolerances: counters hold integers (floor of rate x time), so a 10 s window of a 400 rps backend is off
 * by at most a few requests in 4,000 per series (0.1%); the test allows 2% (3% for p99, whose tail holds only
 * 0.5% of the requests, so one misplaced request per series moves it most). Around the restart the requests Traefik served
 * between the last scrape and the restart are lost with the old process (PromQL loses them too), so there
 * the allowance is a dip of one scrape interval's share, and never a rise.
 */
class ReplayAccuracyTest {
    private static final double RESTART_AT = 61;   // between the scrapes at 60 s and 62 s

    @ParameterizedTest
    @EnumSource(Generation.class)
    void reportsKnownRatesAcrossATraefikRestart(Generation generation) {
        Backend web = new Backend("default-web-80@kubernetes", 400, 0.05, 0.02, 6);
        Backend api = new Backend("default-api-8080@kubernetes", 2500, 0.0, 0.0, 2);
        SyntheticTraefik traefik = new SyntheticTraefik(List.of(web, api), generation, true);
        try (FakeTraefikServer server = new FakeTraefikServer(); PipelineHarness h = new PipelineHarness(server.url())) {
            server.serve(() -> traefik.render(h.now()).getBytes(StandardCharsets.UTF_8));
            boolean restarted = false;
            for (int cycle = 0; cycle <= 60; cycle++) {
                if (!restarted && h.now() >= RESTART_AT) {
                    traefik.restart(RESTART_AT);
                    restarted = true;
                }
                ExporterState state = h.pipeline.runOnce();
                assertTrue(state.traefikUp(), "cycle " + cycle + ": " + state.lastErrorMessage());
                if (h.now() >= 10) {
                    checkCycle(state, web, generation);
                    checkCycle(state, api, generation);
                }
                h.clock.advance(Duration.ofSeconds(2));
            }
            assertTrue(dips > 0, "the restart must have been seen (as a bounded dip)");
        }
    }

    private int dips;

    private void checkCycle(ExporterState state, Backend truth, Generation generation) {
        TargetSignals t = state.signals().backends().stream()
                .filter(b -> b.traefikName().equals(truth.name())).findFirst().orElseThrow();
        WindowSignals fast = t.windows().get(0);
        double at = (state.signals().atMillis() - 1_700_000_000_000L) / 1000.0;
        assertNotNull(fast.requestsPerSecond(), "rps at t=" + at);
        double rps = fast.requestsPerSecond();
        boolean nearRestart = at > RESTART_AT && at < RESTART_AT + 10;
        // Never a negative or a spike, restart or not.
        assertTrue(rps >= 0 && rps <= truth.rps() * 1.02, "rps " + rps + " at t=" + at);
        if (nearRestart) {
            assertTrue(rps >= truth.rps() * (1 - 0.1 - 0.02), "dip bounded by one scrape interval: " + rps + " at t=" + at);
            if (rps < truth.rps() * 0.98) {
                dips++;
            }
        } else {
            assertEquals(truth.rps(), rps, truth.rps() * 0.02, "rps at t=" + at);
            assertEquals(truth.errorRatio(), fast.errorRatio(), 0.01, "error ratio at t=" + at);
            assertEquals(SyntheticTraefik.P99, fast.latencyP99Seconds(), SyntheticTraefik.P99 * 0.03, "p99 at t=" + at);
            assertEquals(0.1, fast.latencyP50Seconds(), 0.005, "p50 at t=" + at);
            assertEquals(SyntheticTraefik.MEAN, fast.latencyMeanSeconds(), 1e-6, "mean at t=" + at);
            double inflight = generation == Generation.V2 ? truth.inflight() : truth.rps() * SyntheticTraefik.MEAN;
            assertEquals(inflight, fast.inflightRequests(), inflight * 0.02, "inflight at t=" + at);
        }
        WindowSignals stable = t.windows().get(1);
        if (at >= 30) {
            assertNotNull(stable.requestsPerSecond(), "60s window published once half covered, t=" + at);
            assertTrue(stable.requestsPerSecond() <= truth.rps() * 1.02, "60s rps " + stable.requestsPerSecond());
            assertTrue(stable.requestsPerSecond() >= truth.rps() * (1 - 2.0 / 60 - 0.02), "60s rps " + stable.requestsPerSecond());
        } else if (at < 28) {
            assertEquals(null, stable.requestsPerSecond(), "60s window under half covered at t=" + at);
        }
    }
}
