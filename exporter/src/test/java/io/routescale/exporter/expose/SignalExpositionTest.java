package io.routescale.exporter.expose;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.routescale.exporter.signal.ExporterState;
import io.routescale.exporter.signal.SignalBoard;
import io.routescale.exporter.signal.SignalSet;
import io.routescale.exporter.testing.FakeTraefikServer;
import io.routescale.exporter.testing.MutableClock;
import io.routescale.exporter.testing.PipelineHarness;
import io.routescale.exporter.testing.SyntheticTraefik;
import io.routescale.exporter.traefik.TraefikGeneration;
import io.routescale.http.TextFormatStream;
import io.routescale.signals.InflightSource;
import io.routescale.signals.Resolution;
import io.routescale.signals.TargetSignals;
import io.routescale.signals.WindowSignals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The streamed signal families are what client_java writes for the same families built as its snapshots
 * ({@link ClientJavaSignalCollector}): the same families, help, types and samples, byte for byte per line. Only
 * the order differs: client_java sorts families and samples, the stream writes them as the targets come.
 */
class SignalExpositionTest {
    private static final long NOW = 1_700_000_100_000L;
    private static final Duration STALE_AFTER = Duration.ofSeconds(10);

    @ParameterizedTest
    @EnumSource(SyntheticTraefik.Generation.class)
    void aPipelineOnSyntheticTraefikWithRoutersIsWrittenAsClientJavaWritesIt(SyntheticTraefik.Generation generation)
            throws IOException {
        SyntheticTraefik traefik = SyntheticTraefik.ofSize(40, generation, true);
        try (FakeTraefikServer server = new FakeTraefikServer(); PipelineHarness h = new PipelineHarness(server.url())) {
            server.serve(() -> traefik.render(h.now()).getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 8; i++) {
                h.pipeline.runOnce();
                h.clock.advance(Duration.ofSeconds(2));
            }
            String streamed = assertSameAsClientJava(h.board, h.clock);
            assertTrue(streamed.contains("routescale_route_requests_per_second{"), "routes are there");
            assertTrue(streamed.contains("routescale_backend_latency_seconds{"), "latencies are there");
            assertTrue(streamed.contains(generation == SyntheticTraefik.Generation.V2 ? "source=\"gauge\"" : "source=\"littles_law\""));
        }
    }

    @Test
    void everyOptionalSignalAndHostileNamesAreWrittenAsClientJavaWritesThem() throws IOException {
        WindowSignals full = new WindowSignals("10s", 1.0, 12.5, 0.01, 0.05, 0.2, 0.9, 0.08, 3.0,
                InflightSource.GAUGE, 0.5);
        WindowSignals noRequests = new WindowSignals("60s", 0.75, 0.0, null, null, null, null, null, 0.0,
                InflightSource.LITTLES_LAW, null);
        WindowSignals uncovered = new WindowSignals("60s", 0.25, null, null, null, null, null, null, null, null, null);
        WindowSignals notANumber = new WindowSignals("10s", 1.0, Double.NaN, Double.NaN, 0.1, 0.2, 0.3, Double.NaN,
                Double.NaN, InflightSource.GAUGE, Double.NaN);
        List<TargetSignals> backends = List.of(
                new TargetSignals("shop-web-80@kubernetes", null, "shop", "web", Resolution.PARSED,
                        List.of(full, noRequests), 2, 3),
                new TargetSignals("we\"ird\\name\nhere@file", null, "", "we_ird_name", Resolution.NONE,
                        List.of(uncovered, notANumber), null, null),
                new TargetSignals("café-ü-日本@docker", null, "ns", "café", Resolution.PARSED, List.of(full), 0, 1));
        List<TargetSignals> routes = List.of(
                new TargetSignals("web-shop@kubernetes", "shop-web-80@kubernetes", "shop", "web-shop",
                        Resolution.PARSED, List.of(full, noRequests), null, null),
                new TargetSignals("orphan@file", null, "", "orphan", Resolution.PARSED, List.of(uncovered), null, null));
        SignalBoard board = new SignalBoard();
        board.publish(new ExporterState(new SignalSet(NOW - 2_000, TraefikGeneration.V2, backends, routes), true,
                NOW - 2_000, null, null));
        String streamed = assertSameAsClientJava(board, new MutableClock(NOW));
        assertTrue(streamed.contains("routescale_backend_servers_up{namespace=\"shop\""), streamed);
        assertTrue(streamed.contains("traefik_service=\"we\\\"ird\\\\name\\nhere@file\""), streamed);
        assertFalse(streamed.contains("NaN"), "a value that is not a number is absent, never written");
    }

    @Test
    void beforeTheFirstScrapeOnlyTraefikUpIsWritten() throws IOException {
        SignalBoard board = new SignalBoard();
        String streamed = assertSameAsClientJava(board, new MutableClock(NOW));
        assertEquals("# HELP routescale_traefik_up 1 when the latest scrape of Traefik succeeded, else 0.\n"
                + "# TYPE routescale_traefik_up gauge\nroutescale_traefik_up 0.0\n", streamed);
    }

    @Test
    void staleSignalsAreWithdrawnAndTheirAgeSaysWhy() throws IOException {
        WindowSignals w = new WindowSignals("10s", 1.0, 5.0, 0.0, 0.1, 0.2, 0.3, 0.1, 1.0, InflightSource.GAUGE, null);
        SignalBoard board = new SignalBoard();
        board.publish(new ExporterState(new SignalSet(NOW - 11_000, TraefikGeneration.V3, List.of(
                new TargetSignals("a-b-80@kubernetes", null, "a", "b", Resolution.PARSED, List.of(w), null, null)),
                List.of()), false, NOW, null, null));
        String streamed = assertSameAsClientJava(board, new MutableClock(NOW));
        assertTrue(streamed.contains("routescale_signals_age_seconds 11.0\n"), streamed);
        assertTrue(streamed.contains("routescale_traefik_up 0.0\n"), streamed);
        assertFalse(streamed.contains("routescale_backend_"), streamed);
    }

    /** Both texts, compared as families of sorted lines; returns the streamed one. */
    private static String assertSameAsClientJava(SignalBoard board, Clock clock) throws IOException {
        ByteArrayOutputStream reference = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(reference,
                new ClientJavaSignalCollector(board, clock, STALE_AFTER).collect());
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        TextFormatStream out = new TextFormatStream(streamed);
        new SignalExposition(board, clock, STALE_AFTER).writeTo(out);
        out.flush();
        String text = streamed.toString(StandardCharsets.UTF_8);
        assertEquals(families(reference.toString(StandardCharsets.UTF_8)), families(text));
        return text;
    }

    /** Family name to its HELP and TYPE lines, then its sample lines sorted; each family's lines must be together. */
    private static Map<String, String> families(String text) {
        Map<String, String> families = new TreeMap<>();
        String name = null;
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("# HELP ") || line.isEmpty()) {
                if (name != null) {
                    List<String> samples = new ArrayList<>(lines.subList(2, lines.size()));
                    samples.sort(null);
                    String previous = families.put(name, lines.get(0) + "\n" + lines.get(1) + "\n" + String.join("\n", samples));
                    assertEquals(null, previous, "family " + name + " written in two places");
                }
                name = line.isEmpty() ? null : line.split(" ")[2];
                lines.clear();
            }
            lines.add(line);
        }
        return families;
    }
}
