package io.routescale.exporter.signal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HistogramQuantileTest {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double[] TRAEFIK = {0.1, 0.3, 1.2, 5, INF};

    record Case(String label, double q, double[] bounds, double[] counts, double expected) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                // Worked by hand with the histogram_quantile rule (linear inside the bucket, lowest from 0).
                new Case("median inside first bucket", 0.5, TRAEFIK, new double[] {100, 100, 100, 100, 100}, 0.05),
                new Case("rank on a bucket edge", 0.5, TRAEFIK, new double[] {50, 90, 99.5, 100, 100}, 0.1),
                new Case("p90 on an edge", 0.9, TRAEFIK, new double[] {50, 90, 99.5, 100, 100}, 0.3),
                new Case("p99 interpolated", 0.99, TRAEFIK, new double[] {50, 90, 99.5, 100, 100}, 0.3 + 0.9 * 9 / 9.5),
                new Case("rank in +Inf answers the highest finite bound", 0.99, TRAEFIK, new double[] {0, 0, 0, 0, 10}, 5),
                new Case("no observations is undefined", 0.5, TRAEFIK, new double[] {0, 0, 0, 0, 0}, Double.NaN),
                new Case("no +Inf bucket is undefined", 0.5, new double[] {0.1, 0.3}, new double[] {1, 2}, Double.NaN),
                new Case("a single bucket is undefined", 0.5, new double[] {INF}, new double[] {3}, Double.NaN),
                new Case("q below 0", -0.1, TRAEFIK, new double[] {1, 1, 1, 1, 1}, Double.NEGATIVE_INFINITY),
                new Case("q above 1", 1.1, TRAEFIK, new double[] {1, 1, 1, 1, 1}, INF),
                new Case("non-positive first bound answers itself", 0.1, new double[] {-1, 1, INF}, new double[] {5, 10, 10}, -1),
                // counts become {10, 10, 20}: rank 15 is in +Inf, which answers the highest finite bound.
                new Case("dipping counts are made monotonic", 0.75, new double[] {1, 2, INF}, new double[] {10, 9, 20}, 2),
                // counts become {10, 10, 20, 20}: rank 15 is in (2, 3], 5 of its 10 observations in: 2.5.
                new Case("interpolation after a dip uses the monotonic counts", 0.75, new double[] {1, 2, 3, INF},
                        new double[] {10, 8, 20, 20}, 2.5),
                new Case("q = 1 lands in the last finite bucket", 1.0, TRAEFIK, new double[] {1, 2, 3, 4, 4}, 5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPromqlHistogramQuantile(Case c) {
        assertEquals(c.expected(), HistogramQuantile.quantile(c.q(), c.bounds(), c.counts()), 1e-12, c.label());
    }

    static Stream<Arguments> monotone() {
        return Stream.of(Arguments.of((Object) new double[] {3, 9, 9, 40, 41}), Arguments.of((Object) new double[] {0, 0, 1, 1, 1}));
    }

    @ParameterizedTest
    @MethodSource("monotone")
    void quantilesNeverDecreaseWithQ(double[] counts) {
        double previous = Double.NEGATIVE_INFINITY;
        // From q = 0.01: at q = 0 with an empty first bucket PromQL itself answers NaN (0/0).
        for (int i = 1; i <= 100; i++) {
            double v = HistogramQuantile.quantile(i / 100.0, TRAEFIK, counts);
            assertEquals(true, v >= previous, "q=" + i / 100.0);
            previous = v;
        }
    }
}
