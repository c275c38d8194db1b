package io.routescale.autoscaler.replay.baseline;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * Knative's KPA decision, ported from knative/serving {@code pkg/autoscaler/scaling/autoscaler.go}
 * ({@code newAutoscaler} and {@code Scale}), with the decider spec that
 * {@code pkg/reconciler/autoscaling/kpa/resources/decider.go} ({@code ResolveMetricTarget}) builds from
 * {@code config-autoscaler}'s defaults. Stable and panic values come in already averaged over their windows (the
 * metric collector's job); scale-down delay is 0 (the default), scale-to-zero is left to the caller's bounds.
 * Independent of routescale's decision code, and checked with knative's own {@code autoscaler_test.go} cases.
 */
public final class KpaAutoscaler {
    /** {@code autoscaling.TargetMin}. */
    static final double TARGET_MIN = 0.01;

    /**
     * {@code DeciderSpec}, the fields {@code Scale} reads.
     *
     * @param targetValue      per-pod target after target utilization
     * @param maxScaleUpRate   at most this times the ready pods per decision
     * @param maxScaleDownRate at least the ready pods divided by this
     * @param panicThreshold   panic when the panic window wants this times the ready pods (2.0 is 200%)
     * @param stableWindow     panic lasts this long after the last time it was over the threshold
     * @param reachable        false: a revision no route reaches may drop to its bounds at once
     */
    public record DeciderSpec(double targetValue, double maxScaleUpRate, double maxScaleDownRate, double panicThreshold,
                              Duration stableWindow, boolean reachable) {
        /**
         * Knative's defaults for the {@code rps} metric with per-pod target {@code rps}: target utilization 70%
         * ({@code container-concurrency-target-percentage}), max-scale-up-rate 1000, max-scale-down-rate 2,
         * panic-threshold-percentage 200, stable-window 60 s.
         */
        public static DeciderSpec defaultsForRps(double rps) {
            return new DeciderSpec(Math.max(TARGET_MIN, rps * 0.7), 1000, 2, 2.0, Duration.ofSeconds(60), true);
        }
    }

    private final DeciderSpec spec;
    private Instant panicTime;
    private int maxPanicPods;

    /**
     * {@code newAutoscaler}: with more than one ready pod it starts in panic mode, so an autoscaler restart
     * (which loses the metric history) does not scale down before it has data.
     */
    public KpaAutoscaler(DeciderSpec spec, int readyPods, Instant now) {
        this.spec = spec;
        if (readyPods > 1) {
            panicTime = now;
        }
        maxPanicPods = readyPods;
    }

    /**
     * {@code Scale}. Values are the total over the revision's pods.
     *
     * @param stable null when the metric client has no data: an invalid result, nothing changes
     * @return the desired pod count, empty when the result is invalid
     */
    public OptionalInt scale(Instant now, Double stable, Double panic, int readyPodsCount) {
        if (stable == null || panic == null) {
            return OptionalInt.empty();
        }
        double readyPods = Math.max(1, readyPodsCount);
        double maxScaleUp = Math.ceil(spec.maxScaleUpRate() * readyPods);
        double maxScaleDown = spec.reachable() ? Math.floor(readyPods / spec.maxScaleDownRate()) : 0;
        double dspc = Math.ceil(stable / spec.targetValue());
        double dppc = Math.ceil(panic / spec.targetValue());
        int desiredStable = (int) Math.min(Math.max(dspc, maxScaleDown), maxScaleUp);
        int desiredPanic = (int) Math.min(Math.max(dppc, maxScaleDown), maxScaleUp);
        boolean overPanicThreshold = dppc / readyPods >= spec.panicThreshold();
        if (overPanicThreshold) {
            panicTime = now;   // begin panicking, or extend the panic
        } else if (panicTime != null && panicTime.plus(spec.stableWindow()).isBefore(now)) {
            // The surge has made its way into the stable window: stop panicking.
            panicTime = null;
            maxPanicPods = 0;
        }
        int desired = desiredStable;
        if (panicTime != null) {
            // Provision for whichever window wants more, and never decrease while panicking.
            desired = Math.max(desired, desiredPanic);
            if (desired > maxPanicPods) {
                maxPanicPods = desired;
            }
            desired = maxPanicPods;
        }
        return OptionalInt.of(desired);
    }

    boolean panicking() {
        return panicTime != null;
    }

    Instant panicTime() {
        return panicTime;
    }

    /** For the ported tests that set the autoscaler's panic state directly, as upstream's do. */
    void panicState(Instant panicTime, int maxPanicPods) {
        this.panicTime = panicTime;
        this.maxPanicPods = maxPanicPods;
    }
}
