package io.routescale.autoscaler.decide;

import io.routescale.autoscaler.policy.SignalRule;

import java.util.Map;

/**
 * What is known of a target now.
 *
 * @param specReplicas  replicas the workload asks for ({@code /scale} {@code spec.replicas})
 * @param readyReplicas replicas serving ({@code status.readyReplicas}, or the HPA's view)
 * @param readings      fresh readings by rule; a rule without an entry has no data
 */
public record Observation(int specReplicas, int readyReplicas, Map<SignalRule, Reading> readings) {
}
