package io.routescale.exporter;

import io.routescale.exporter.expose.SignalExposition;
import io.routescale.http.MetricsAnswer;
import io.routescale.exporter.parse.ParseLimits;
import io.routescale.exporter.parse.RejectReason;
import io.routescale.exporter.signal.ExporterState;
import io.routescale.exporter.testing.FakeTraefikServer;
import io.routescale.exporter.testing.PipelineHarness;
import io.routescale.exporter.testing.SyntheticTraefik;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a scrape can fail: counted by reason, last good signals kept, then withdrawn once stale. */
class ScrapeFailureTest {
    private final SyntheticTraefik traefik = SyntheticTraefik.ofSize(3, SyntheticTraefik.Generation.V2, false);
    private FakeTraefikServer server;
    private PipelineHarness h;

    @BeforeEach
    void start() {
        server = new FakeTraefikServer();
        h = new PipelineHarness(server.url(), new ParseLimits(256 << 10, 5_000, 4096), Duration.ofMillis(500));
        server.serve(() -> traefik.render(h.now()).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 6; i++) {
            assertTrue(h.pipeline.runOnce().traefikUp());
            h.clock.advance(Duration.ofSeconds(2));
        }
    }

    @AfterEach
    void stop() {
        h.close();
        server.close();
    }

    private String exposition() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MetricsAnswer(h.registry, new SignalExposition(h.board, h.clock, Duration.ofSeconds(10))).writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private void assertRejected(RejectReason reason) throws IOException {
        ExporterState good = h.board.current();
        ExporterState after = h.pipeline.runOnce();
        assertFalse(after.traefikUp());
        assertEquals(reason, after.lastError(), after.lastErrorMessage());
        assertEquals(good.signals(), after.signals(), "the last good signals are kept");
        String text = exposition();
        assertTrue(text.contains("routescale_exporter_scrape_errors_total{reason=\"" + reason.label() + "\"} 1.0"), text);
        assertTrue(text.contains("routescale_traefik_up 0.0"), text);
        assertTrue(text.contains("routescale_backend_requests_per_second{"), "still fresh enough to publish");
        // Past stale-after the signal series are withdrawn, never left to read as current load.
        h.clock.advance(Duration.ofSeconds(11));
        String stale = exposition();
        assertFalse(stale.contains("routescale_backend_requests_per_second{"), stale);
        assertTrue(stale.contains("routescale_signals_age_seconds 1"), stale);
    }

    @Test
    void unreachableTraefik() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (PipelineHarness other = new PipelineHarness(URI.create("http://127.0.0.1:" + closedPort + "/metrics"))) {
            ExporterState s = other.pipeline.runOnce();
            assertFalse(s.traefikUp());
            assertEquals(RejectReason.UNREACHABLE, s.lastError());
            assertFalse(s.hasSignals(), "no data is not zero load: there are simply no signals");
        }
        server.close();
        assertRejected(RejectReason.UNREACHABLE);
    }

    @Test
    void httpErrorStatus() throws IOException {
        server.status(503);
        assertRejected(RejectReason.UNREACHABLE);
    }

    @Test
    void garbageBody() throws IOException {
        server.serve("<html>502 Bad Gateway</html>\n");
        assertRejected(RejectReason.MALFORMED);
    }

    @Test
    void truncatedLine() throws IOException {
        String body = traefik.render(h.now());
        server.serve(body.substring(0, body.lastIndexOf("\"}")));
        assertRejected(RejectReason.MALFORMED);
    }

    @Test
    void oversizedBody() throws IOException {
        server.serve(("# " + "x".repeat(1000) + "\n").repeat(300));
        assertRejected(RejectReason.BODY_TOO_LARGE);
    }

    @Test
    void tooManySeries() throws IOException {
        server.serve("a{i=\"1\"} 1\n".repeat(6_000));
        assertRejected(RejectReason.TOO_MANY_SERIES);
    }

    @Test
    void hugeLabelValue() throws IOException {
        server.serve("traefik_service_requests_total{service=\"" + "x".repeat(10_000) + "\"} 1\n");
        assertRejected(RejectReason.LINE_TOO_LONG);
    }

    @Test
    void slowBody() throws IOException {
        server.stall(2_000);
        assertRejected(RejectReason.TIMEOUT);
    }

    @Test
    void goodScrapeAfterFailuresComputesTheRateOverTheGap() {
        server.status(500);
        h.clock.advance(Duration.ofSeconds(2));
        h.pipeline.runOnce();
        h.clock.advance(Duration.ofSeconds(2));
        h.pipeline.runOnce();
        server.status(200);
        h.clock.advance(Duration.ofSeconds(2));
        ExporterState s = h.pipeline.runOnce();
        assertTrue(s.traefikUp());
        Double rps = s.signals().backends().get(0).windows().get(0).requestsPerSecond();
        assertNotNull(rps);
        assertEquals(1.0, rps, 0.05, "backend 0 serves 1 rps; the gap is averaged, not read as zero");
        assertNull(s.lastError());
    }
}
