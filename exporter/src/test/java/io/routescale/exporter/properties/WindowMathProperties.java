package io.routescale.exporter.properties;

import io.routescale.exporter.signal.HistogramQuantile;
import io.routescale.exporter.traefik.SeriesKey;
import io.routescale.exporter.traefik.TargetSample;
import io.routescale.exporter.traefik.TraefikGeneration;
import io.routescale.exporter.traefik.TraefikSnapshot;
import io.routescale.exporter.window.TargetKind;
import io.routescale.exporter.window.WindowStore;
import io.routescale.exporter.window.WindowTotals;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Properties of the window and quantile maths, over random counters with random resets. */
class WindowMathProperties {
    private static final SeriesKey OK = SeriesKey.of("code=\"200\"", false);
    private static final double[] BOUNDS = {0.1, 0.3, 1.2, 5, Double.POSITIVE_INFINITY};

    /** Each step either grows the counter or (negative step) restarts it at |step|: a Traefik restart. */
    @Property(tries = 300)
    void ratesAreNeverNegativeAndNeverExceedWhatWasServed(@ForAll @Size(min = 2, max = 40) List<@IntRange(min = -50, max = 500) Integer> steps) {
        WindowStore store = new WindowStore(Duration.ofSeconds(60), Duration.ofSeconds(2));
        double counter = 0;
        double served = 0;
        for (int i = 0; i < steps.size(); i++) {
            int s = steps.get(i);
            if (s < 0) {
                counter = -s;
            } else {
                counter += s;
            }
            if (i > 0) {
                served += Math.abs(s);
            }
            store.record(new TraefikSnapshot(i * 2000L, Map.of("a", new TargetSample("a", null, Map.of(OK, counter), Map.of(),
                    Double.NaN, Double.NaN, 0, 0)), Map.of(), TraefikGeneration.V2));
            WindowTotals t = store.totals(TargetKind.BACKEND, "a", Duration.ofSeconds(60));
            if (t != null) {
                assertTrue(t.requests() >= 0, "negative requests " + t.requests());
                assertTrue(t.requests() <= served + 1e-6, "more than served: " + t.requests() + " > " + served);
            }
        }
    }

    @Property(tries = 500)
    void quantilesAreMonotoneInQ(@ForAll @Size(5) List<@IntRange(min = 0, max = 1000) Integer> increments,
                                 @ForAll @DoubleRange(min = 0.01, max = 0.98) double q) {
        double[] cumulative = new double[5];
        double running = 0;
        for (int i = 0; i < 5; i++) {
            running += increments.get(i);
            cumulative[i] = running;
        }
        double lower = HistogramQuantile.quantile(q, BOUNDS, cumulative);
        double higher = HistogramQuantile.quantile(q + 0.01, BOUNDS, cumulative);
        if (!Double.isNaN(lower)) {
            assertTrue(higher >= lower, "q=" + q + ": " + higher + " < " + lower);
            assertTrue(lower >= 0 && lower <= 5, "within the finite bounds: " + lower);
        }
    }
}
