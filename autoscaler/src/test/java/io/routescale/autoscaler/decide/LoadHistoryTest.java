package io.routescale.autoscaler.decide;

import org.junit.jupiter.api.Test;

import static io.routescale.autoscaler.decide.DeciderTest.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The half hour of load that scale-down and an objective's target read. */
class LoadHistoryTest {
    static LoadHistory of(double... values) {
        LoadHistory h = LoadHistory.EMPTY;
        for (int i = 0; i < values.length; i++) {
            h = h.with(NOW.plusSeconds(10L * i), values[i]);
        }
        return h;
    }

    @Test
    void oneValuePerTenSecondsAndAtMostHalfAnHour() {
        LoadHistory h = of(1, 2);
        assertSame(h, h.with(NOW.plusSeconds(15), 3.0), "5 s after the last step: nothing new");
        assertEquals(3, h.with(NOW.plusSeconds(20), 3.0).size());
        assertEquals(LoadHistory.CAPACITY, of(new double[400]).size());
    }

    @Test
    void reRiseIsTheQuantileOfThePeakWithinTheHorizonOverEachValue() {
        // 100, then 150 two steps (20 s) later, repeating: within 30 s every 100 sees a 150.
        double[] v = new double[40];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 3 == 2 ? 150 : 100;
        }
        assertEquals(1.5, of(v).reRise(30, 0.9), 1e-9);
        assertEquals(1.0, of(v).reRise(30, 0.3), 1e-9, "a third of the ratios are 1.0 (the 150s): the lowest third");
        // Within 10 s only the value right before each 150 sees it: a third of the ratios.
        assertEquals(1.5, of(v).reRise(10, 0.9), 1e-9);
        assertEquals(1.0, of(v).reRise(10, 0.5), 1e-9);
    }

    @Test
    void aRiseFromAStallIsMeasuredFromHalfTheMedian() {
        double[] v = new double[40];
        java.util.Arrays.fill(v, 1000);
        v[10] = 10;   // a minute of near-zero logged requests, then back
        assertEquals(2.0, of(v).reRise(30, 1.0), 1e-9, "1000 over max(10, 500), not 100x");
    }

    @Test
    void tooLittleHistoryOrOnlyGapsSayNothing() {
        double[] short_ = new double[LoadHistory.MIN_RATIOS];
        java.util.Arrays.fill(short_, 100);
        short_[5] = 1000;
        assertTrue(Double.isNaN(of(short_).reRise(30, 0.9)), "under 5 minutes: nothing to read a habit from");
        LoadHistory gaps = LoadHistory.EMPTY;
        for (int i = 0; i < 20; i++) {
            gaps = gaps.with(NOW.plusSeconds(10L * i), null);
        }
        assertTrue(Double.isNaN(gaps.reRise(30, 0.9)), "a gap is never read as a load");
    }
}
