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

    @Test
    void aDipThatCameBackIsRememberedWithItsLengthForTwoHours() {
        // 1000 for a minute, 100 for 40 s, 900 again: a 40 s dip that came back (900 >= 80% of 1000).
        double[] v = {1000, 1000, 1000, 1000, 1000, 1000, 100, 100, 100, 100, 900, 900};
        LoadHistory h = of(v);
        assertEquals(40, h.longestReturnedDipSeconds());
        LoadHistory later = h;
        for (int i = 0; i < 700; i++) {   // just under two hours more of steady load
            later = later.with(NOW.plusSeconds(10L * (v.length + i)), 900.0);
        }
        assertEquals(40, later.longestReturnedDipSeconds(), "still remembered after the half hour of values");
        for (int i = 700; i < 730; i++) {
            later = later.with(NOW.plusSeconds(10L * (v.length + i)), 900.0);
        }
        assertEquals(0, later.longestReturnedDipSeconds(), "forgotten two hours after it came back");
    }

    @Test
    void aDipStillGoingAShallowOneOrAStepDownIsNoReturnedDip() {
        assertEquals(0, of(1000, 1000, 1000, 1000, 1000, 1000, 100, 100, 100).longestReturnedDipSeconds(), "still down");
        assertEquals(0, of(1000, 1000, 1000, 1000, 1000, 1000, 600, 600, 1000).longestReturnedDipSeconds(), "60%: not below half");
        assertEquals(0, of(1000, 1000, 1000, 1000, 1000, 1000, 100, 100, 700, 700).longestReturnedDipSeconds(),
                "back to 70% only: a lower level, not a return");
        LoadHistory gaps = of(1000, 1000, 1000, 1000, 1000, 1000, 100, 100);
        gaps = gaps.with(NOW.plusSeconds(80), null);
        assertEquals(0, gaps.longestReturnedDipSeconds(), "a gap is never read as a return");
    }

    @Test
    void theHighestLoadOfTheLastSecondsCountsEveryStepInThem() {
        LoadHistory h = of(500, 100, 200, 300);
        assertEquals(300, h.highestOfLast(0), 1e-9);
        assertEquals(300, h.highestOfLast(15), 1e-9);
        assertEquals(300, h.highestOfLast(20), 1e-9);
        assertEquals(500, h.highestOfLast(30), 1e-9);
        assertEquals(500, h.highestOfLast(3600), 1e-9);
    }
}
