package io.routescale.autoscaler.decide;

import io.routescale.autoscaler.policy.SignalRule;

import java.util.Map;

/**
 * What is known of a target now.
 *
 * @param specReplicas  replicas the workload asks for ({@code /scale} {@code spec.replicas})
 * @param readyReplicas replicas serving ({@code status.readyReplicas}, or the HPA's view)
 * @param readings      fresh readings by rule; a rule without an entry has no data
 * @param unschedulable replicas the scheduler cannot place (no node has room): not starting, waiting for nodes;
 *                      latency and in flight, which then measure the capacity already asked for, add none
 * @param unschedulableMessage the scheduler's reason for them; "" when there are none
 */
public record Observation(int specReplicas, int readyReplicas, Map<SignalRule, Reading> readings, int unschedulable,
                          String unschedulableMessage) {
    /** With every pod schedulable. */
    public Observation(int specReplicas, int readyReplicas, Map<SignalRule, Reading> readings) {
        this(specReplicas, readyReplicas, readings, 0, "");
    }
}
