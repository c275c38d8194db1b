package io.routescale.exporter.signal;

import io.routescale.signals.InflightSource;

import io.routescale.signals.WindowSignals;

import io.routescale.exporter.window.WindowTotals;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SignalCalculatorTest {
    private static final double NAN = Double.NaN;
    private static final double[] BOUNDS = {0.1, 0.3, 1.2, 5, Double.POSITIVE_INFINITY};
    private final SignalCalculator calculator = new SignalCalculator(List.of(Duration.ofSeconds(10)), 0.5);

    record Case(String label, WindowTotals totals, WindowSignals expected) {
        @Override
        public String toString() {
            return label;
        }
    }

    private static WindowTotals totals(double span, double requests, double errors, double latSum, double latCount,
                                       double retries, double[] buckets, double open) {
        return new WindowTotals(10, span, requests, errors, latSum, latCount, retries,
                buckets == null ? null : BOUNDS, buckets, open, -1, 0);
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("steady traffic, v3 (no gauge): Little's law",
                        totals(10, 1000, 50, 120, 1000, NAN, new double[] {500, 900, 995, 1000, 1000}, NAN),
                        new WindowSignals("10s", 1.0, 100.0, 0.05, 0.1, 0.3, 0.3 + 0.9 * 90 / 95, 0.12, 12.0,
                                InflightSource.LITTLES_LAW, null)),
                new Case("v2 gauge wins over the estimate",
                        totals(10, 1000, 0, 120, 1000, 20, new double[] {500, 900, 995, 1000, 1000}, 7),
                        new WindowSignals("10s", 1.0, 100.0, 0.0, 0.1, 0.3, 0.3 + 0.9 * 90 / 95, 0.12, 7.0,
                                InflightSource.GAUGE, 2.0)),
                new Case("no request: rate 0, ratio and latency absent, nothing in flight",
                        totals(10, 0, 0, 0, 0, NAN, new double[] {0, 0, 0, 0, 0}, NAN),
                        new WindowSignals("10s", 1.0, 0.0, null, null, null, null, null, 0.0,
                                InflightSource.LITTLES_LAW, null)),
                new Case("window too thinly covered: every value absent",
                        totals(4, 400, 0, 40, 400, NAN, new double[] {400, 400, 400, 400, 400}, NAN),
                        new WindowSignals("10s", 0.4, null, null, null, null, null, null, null, null, null)),
                new Case("counts without a histogram: no quantiles",
                        totals(5, 50, 5, 0, 0, NAN, null, NAN),
                        new WindowSignals("10s", 0.5, 10.0, 0.1, null, null, null, null, null, null, null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void computesWindowSignals(Case c) {
        WindowSignals actual = calculator.window("10s", c.totals());
        assertClose(c.expected(), actual);
    }

    @org.junit.jupiter.api.Test
    void missingTargetIsAbsentNotZero() {
        // Every signal null (absent), coverage 0: never a rate of 0 that would read as no load.
        assertEquals(new WindowSignals("10s", 0, null, null, null, null, null, null, null, null, null), calculator.window("10s", null));
        assertEquals(new WindowSignals("60s", 0, null, null, null, null, null, null, null, null, null), calculator.window("60s", null));
    }

    @org.junit.jupiter.api.Test
    void windowLabelsAreWholeSeconds() {
        assertEquals("10s", SignalCalculator.label(Duration.ofSeconds(10)));
        assertEquals("60s", SignalCalculator.label(Duration.ofMinutes(1)));
        assertEquals("1500ms", SignalCalculator.label(Duration.ofMillis(1500)));
    }

    private static void assertClose(WindowSignals e, WindowSignals a) {
        assertEquals(e.window(), a.window());
        assertEquals(e.coverage(), a.coverage(), 1e-9);
        close(e.requestsPerSecond(), a.requestsPerSecond(), "rps");
        close(e.errorRatio(), a.errorRatio(), "errorRatio");
        close(e.latencyP50Seconds(), a.latencyP50Seconds(), "p50");
        close(e.latencyP90Seconds(), a.latencyP90Seconds(), "p90");
        close(e.latencyP99Seconds(), a.latencyP99Seconds(), "p99");
        close(e.latencyMeanSeconds(), a.latencyMeanSeconds(), "mean");
        close(e.inflightRequests(), a.inflightRequests(), "inflight");
        assertEquals(e.inflightSource(), a.inflightSource(), "inflightSource");
        close(e.retriesPerSecond(), a.retriesPerSecond(), "retries");
    }

    private static void close(Double expected, Double actual, String what) {
        if (expected == null) {
            assertEquals(null, actual, what);
        } else {
            assertEquals(expected, actual, 1e-9, what);
        }
    }
}
