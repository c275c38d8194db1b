package io.routescale.autoscaler.replay.baseline;

import io.routescale.autoscaler.replay.baseline.KpaAutoscaler.DeciderSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The KPA baseline against knative/serving's own {@code pkg/autoscaler/scaling/autoscaler_test.go} (stored copy;
 * test names kept). Upstream's helper {@code newTestAutoscaler(target, tbc)} builds a spec with panic threshold 2,
 * max scale-up and scale-down rates 10, a 60 s stable window, reachable, and one ready pod; burst capacity and
 * activator counts are not ported (the replay does not model the activator).
 */
class KpaAutoscalerTest {
    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    static final Duration STABLE_WINDOW = Duration.ofSeconds(60);

    static DeciderSpec testSpec(double target) {
        return new DeciderSpec(target, 10, 10, 2, STABLE_WINDOW, true);
    }

    static int scale(KpaAutoscaler a, Instant now, double stable, double panic, int ready) {
        OptionalInt r = a.scale(now, stable, panic, ready);
        assertTrue(r.isPresent(), "a valid result");
        return r.getAsInt();
    }

    @Test
    void autoscalerNoDataNoAutoscale() {
        assertFalse(new KpaAutoscaler(testSpec(10), 1, NOW).scale(NOW, null, null, 1).isPresent());
    }

    @Test
    void autoscalerStableModeIncreaseWithRPS() {
        KpaAutoscaler a = new KpaAutoscaler(testSpec(10), 1, NOW);
        assertEquals(5, scale(a, NOW, 50, 50, 1));
        assertEquals(10, scale(a, NOW, 100, 99, 1));
    }

    @Test
    void autoscalerUnpanicAfterSlowIncrease() {
        KpaAutoscaler a = new KpaAutoscaler(testSpec(1), 1, NOW);
        Instant start = NOW;
        assertEquals(25, scale(a, start, 11, 25, 10));
        assertEquals(start, a.panicTime());
        Instant tm = start.plus(STABLE_WINDOW.dividedBy(2));
        assertEquals(41, scale(a, tm, 30, 41, 40));
        assertEquals(start, a.panicTime(), "Panic Time should not have moved");
        tm = tm.plus(STABLE_WINDOW.dividedBy(2)).plusSeconds(2);   // + tickInterval
        assertEquals(50, scale(a, tm, 50, 56, 55), "no longer in panic");
        assertFalse(a.panicking());
    }

    @Test
    void autoscalerExtendPanicWindow() {
        KpaAutoscaler a = new KpaAutoscaler(testSpec(1), 1, NOW);
        assertEquals(25, scale(a, NOW, 11, 25, 10));
        Instant tm = NOW.plus(STABLE_WINDOW.dividedBy(2));
        assertEquals(80, scale(a, tm, 30, 80, 40));
        assertEquals(tm, a.panicTime());
    }

    @Test
    void autoscalerStableModeDecrease() {
        KpaAutoscaler a = new KpaAutoscaler(testSpec(10), 1, NOW);
        assertEquals(10, scale(a, NOW, 100, 100, 8));
        assertEquals(5, scale(a, NOW, 50, 50, 8));
    }

    @Test
    void autoscalerPanicModeExponentialTrackAndStabilize() {
        KpaAutoscaler a = new KpaAutoscaler(testSpec(1), 1, NOW);
        assertEquals(6, scale(a, NOW, 6, 6, 1));
        Instant tm = NOW;
        assertEquals(36, scale(a, tm, 36, 36, 6));
        assertEquals(tm, a.panicTime());
        tm = tm.plusSeconds(1);
        assertEquals(216, scale(a, tm, 216, 216, 36));
        assertEquals(1296, scale(a, tm, 1296, 1296, 216));
        tm = tm.plusSeconds(1);
        assertEquals(1296, scale(a, tm, 1296, 1296, 1296));
    }

    record ScaleCase(String label, double target, double stable, double panic, int baseScale, Consumer<KpaAutoscaler> prep,
                     DeciderSpec spec, int wantScale) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<ScaleCase> autoscalerScaleCases() {
        Consumer<KpaAutoscaler> none = a -> { };
        Consumer<KpaAutoscaler> panicking = a -> a.panicState(NOW.minusSeconds(5), 5);
        return Stream.of(
                new ScaleCase("AutoscalerStableModeUnlimitedTBC", 181, 21, 26, 1, none, null, 1),
                new ScaleCase("Autoscaler0TBC", 10, 50, 49, 1, none, null, 5),
                new ScaleCase("AutoscalerStableModeNoChange", 10, 50, 50, 1, none, null, 5),
                new ScaleCase("AutoscalerPanicStableLargerThanPanic", 1, 50, 30, 5, panicking, null, 50),
                new ScaleCase("AutoscalerPanicStableLessThanPanic", 1, 20, 30, 5, panicking, null, 30),
                new ScaleCase("AutoscalerStableModeNoChangeAlreadyScaled", 10, 50, 50, 5, none, null, 5),
                new ScaleCase("AutoscalerStableModeIncreaseWithSmallScaleUpRate", 1, 3, 3.1, 2, none,
                        new DeciderSpec(1, 1.1, 10, 2, STABLE_WINDOW, true), 3),
                new ScaleCase("AutoscalerStableModeDecreaseWithSmallScaleDownRate", 10, 1, 1, 100, none,
                        new DeciderSpec(10, 10, 1.1, 2, STABLE_WINDOW, true), 90),
                new ScaleCase("AutoscalerStableModeDecreaseNonReachable", 10, 1, 1, 100, none,
                        new DeciderSpec(10, 10, 1.1, 2, STABLE_WINDOW, false), 1),
                new ScaleCase("AutoscalerPanicModeDoublePodCount", 10, 50, 100, 1, none, null, 10));
    }

    @ParameterizedTest
    @MethodSource("autoscalerScaleCases")
    void autoscalerScale(ScaleCase c) {
        // Upstream creates each case's autoscaler with one ready pod, then sets the ready count.
        KpaAutoscaler a = new KpaAutoscaler(c.spec() == null ? testSpec(c.target()) : c.spec(), 1, NOW);
        c.prep().accept(a);
        assertEquals(c.wantScale(), scale(a, NOW, c.stable(), c.panic(), c.baseScale()));
    }

    @Test
    void autoscalerPanicThenUnPanicScaleDown() {
        KpaAutoscaler a = new KpaAutoscaler(testSpec(10), 1, NOW);
        assertEquals(10, scale(a, NOW, 100, 100, 1));
        Instant panicTime = NOW.plusMillis(1);
        assertEquals(100, scale(a, panicTime, 100, 1000, 10));
        assertEquals(100, scale(a, panicTime.plusSeconds(30), 1, 1, 10), "traffic dropped off, still in panic");
        assertEquals(1, scale(a, panicTime.plusSeconds(61), 1, 1, 10), "scale down after the stable window");
    }

    @Test
    void autoscalerRateLimitScaleUp() {
        KpaAutoscaler a = new KpaAutoscaler(testSpec(10), 1, NOW);
        assertEquals(10, scale(a, NOW, 1000, 1001, 1), "need 100 pods but only scale x10");
        assertEquals(100, scale(a, NOW, 1000, 1001, 10));
    }

    @Test
    void autoscalerRateLimitScaleDown() {
        KpaAutoscaler a = new KpaAutoscaler(testSpec(10), 1, NOW);
        assertEquals(10, scale(a, NOW, 1, 1, 100), "need 1 pod but can only scale down ten times");
        assertEquals(1, scale(a, NOW, 1, 1, 10));
    }

    @Test
    void autoscalerUseOnePodAsMinimumIfEndpointsNotFound() {
        assertEquals(10, scale(new KpaAutoscaler(testSpec(10), 1, NOW), NOW, 1000, 888, 0));
    }

    @Test
    void startInPanicMode() {
        for (int ready = 0; ready < 2; ready++) {
            assertFalse(new KpaAutoscaler(testSpec(100), ready, NOW).panicking(), "created at scale " + ready);
        }
        assertTrue(new KpaAutoscaler(testSpec(100), 2, NOW).panicking(), "created at scale 2");
    }

    @Test
    void knativeDefaultsForRpsTargetSeventyPercentOfTheAnnotatedTarget() {
        DeciderSpec d = DeciderSpec.defaultsForRps(100);
        assertEquals(70, d.targetValue(), 1e-9);
        assertEquals(1000, d.maxScaleUpRate());
        assertEquals(2, d.maxScaleDownRate());
        assertEquals(2.0, d.panicThreshold());
        assertEquals(Duration.ofSeconds(60), d.stableWindow());
        assertEquals(0.01, DeciderSpec.defaultsForRps(0).targetValue(), "autoscaling.TargetMin");
    }
}
