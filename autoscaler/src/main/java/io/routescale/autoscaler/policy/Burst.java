package io.routescale.autoscaler.policy;

import java.time.Duration;

/**
 * Knative-style panic mode: when the fast window asks for {@code threshold} times the ready replicas, scale on
 * the fast window at once and never scale down until the fast window has stayed below the threshold for
 * {@code stableWindow}.
 *
 * @param enabled      off: only the stable window drives decisions
 * @param threshold    ratio of fast-window desired replicas to ready replicas that starts a burst (Knative default 2.0)
 * @param stableWindow how long a burst lasts after its last trigger (Knative default 60 s)
 */
public record Burst(boolean enabled, double threshold, Duration stableWindow) {
}
