package io.routescale.http;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The stream writes what client_java's PrometheusTextFormatWriter writes, byte for byte. */
class TextFormatStreamTest {
    /** Label values a Traefik name or a Kubernetes annotation could carry to us, and the buffer's edges. */
    private static final List<String> HOSTILE = List.of("plain", "quote\"d", "back\\slash", "new\nline",
            "é ü ß", "日本語", "emoji \uD83D\uDE80 pair", "lone \uD800 high", "lone \uDC00 low", "",
            "é".repeat(40_000), "x".repeat(70_000), "\\\"\n".repeat(30_000));
    private static final double[] VALUES = {0, -0.0, 1, 1.5, -2.25, 1e-9, 6.02e23, 12345678.0, Double.MAX_VALUE,
            Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1 + 0.2};

    @Test
    void gaugesWithHostileLabelsAndEveryKindOfValue() throws IOException {
        GaugeSnapshot.Builder expected = GaugeSnapshot.builder().name("test_gauge")
                .help("Help with a back\\slash,\na new line and \"quotes\" é.");
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        TextFormatStream out = new TextFormatStream(streamed);
        out.family("test_gauge", "gauge", "Help with a back\\slash,\na new line and \"quotes\" é.");
        // client_java sorts data points by their labels; these are written in that order (a, then b, by index).
        for (int i = 0; i < HOSTILE.size(); i++) {
            double value = VALUES[i % VALUES.length];
            String index = String.format("%02d", i);
            expected.dataPoint(GaugeDataPointSnapshot.builder()
                    .labels(Labels.of("a_index", index, "b_value", HOSTILE.get(i))).value(value).build());
            out.sample("test_gauge");
            out.label("a_index", index);
            out.label("b_value", HOSTILE.get(i));
            out.value(value);
        }
        out.family("test_unlabelled", "gauge", "No labels.");
        out.sample("test_unlabelled");
        out.value(42);
        out.flush();
        GaugeSnapshot unlabelled = GaugeSnapshot.builder().name("test_unlabelled").help("No labels.")
                .dataPoint(GaugeDataPointSnapshot.builder().value(42).build()).build();
        assertEquals(clientJava(new MetricSnapshots(expected.build(), unlabelled)),
                streamed.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aSummaryOfQuantilesWithoutCountOrSum() throws IOException {
        SummarySnapshot expected = SummarySnapshot.builder().name("test_latency_seconds").help("Quantiles.")
                .dataPoint(SummaryDataPointSnapshot.builder().labels(Labels.of("service", "a", "window", "10s"))
                        .quantiles(Quantiles.of(new Quantile(0.5, 0.012), new Quantile(0.9, 0.1),
                                new Quantile(0.99, 2.5))).build())
                .build();
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        TextFormatStream out = new TextFormatStream(streamed);
        out.family("test_latency_seconds", "summary", "Quantiles.");
        double[] values = {0.012, 0.1, 2.5};
        String[] quantiles = {"0.5", "0.9", "0.99"};
        for (int q = 0; q < 3; q++) {
            out.sample("test_latency_seconds");
            out.label("service", "a");
            out.label("window", "10s");
            out.label("quantile", quantiles[q]);
            out.value(values[q]);
        }
        out.flush();
        assertEquals(clientJava(new MetricSnapshots(expected)), streamed.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aFamilyWithoutSamplesIsNotWritten() throws IOException {
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        TextFormatStream out = new TextFormatStream(streamed);
        out.family("test_empty", "gauge", "Nothing.");
        out.family("test_next", "gauge", "One.");
        out.sample("test_next");
        out.value(1);
        out.flush();
        GaugeSnapshot empty = GaugeSnapshot.builder().name("test_empty").help("Nothing.").build();
        GaugeSnapshot next = GaugeSnapshot.builder().name("test_next").help("One.")
                .dataPoint(GaugeDataPointSnapshot.builder().value(1).build()).build();
        assertEquals(clientJava(new MetricSnapshots(empty, next)), streamed.toString(StandardCharsets.ISO_8859_1));
        assertEquals("# HELP test_next One.\n# TYPE test_next gauge\ntest_next 1.0\n",
                streamed.toString(StandardCharsets.UTF_8));
    }

    /** client_java's bytes, one char per byte, so that a difference in the UTF-8 shows as one. */
    private static String clientJava(MetricSnapshots snapshots) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, snapshots);
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
