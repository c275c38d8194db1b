package io.routescale.autoscaler.policy;

import java.time.Duration;
import java.util.List;

/**
 * HPA {@code HPAScalingRules} for one direction.
 *
 * @param stabilizationWindow recommendations over this window are considered (HPA semantics)
 * @param policies            rate limits
 * @param select              which policy wins: the one allowing the largest change (MAX), the smallest (MIN), or none (DISABLED: no change in this direction)
 */
public record Behavior(Duration stabilizationWindow, List<RatePolicy> policies, Select select) {
    public enum Select { MAX, MIN, DISABLED }

    /** Kubernetes' default scale-up: no stabilization, max(4 pods, 100%) per 15 s. */
    public static final Behavior HPA_DEFAULT_UP = new Behavior(Duration.ZERO, List.of(
            new RatePolicy(RatePolicy.Type.PODS, 4, Duration.ofSeconds(15)),
            new RatePolicy(RatePolicy.Type.PERCENT, 100, Duration.ofSeconds(15))), Select.MAX);

    /** Kubernetes' default scale-down: 300 s stabilization, 100% per 15 s. */
    public static final Behavior HPA_DEFAULT_DOWN = new Behavior(Duration.ofSeconds(300), List.of(
            new RatePolicy(RatePolicy.Type.PERCENT, 100, Duration.ofSeconds(15))), Select.MAX);

    public Duration longestPeriod() {
        return policies.stream().map(RatePolicy::period).max(Duration::compareTo).orElse(Duration.ZERO);
    }
}
