package io.routescale.autoscaler.decide;

import java.util.List;

/**
 * The outcome of one decision for one target, with its explanation.
 *
 * @param current  replicas before
 * @param desired  replicas wanted now (equal to {@code current}: nothing to write)
 * @param reason   one human sentence, e.g. {@code scale shop/web 3 -> 7: ...}
 * @param cause    what the driving rule measured and wanted; null when no rule drove it (no signal, or every
 *                 signal within its objective)
 * @param details  every consideration, for logs and the decision dashboard
 * @param burst    whether burst mode is on
 * @param signalsMissing true when no rule had fresh data
 * @param memory   what to remember for the next cycle (before any write is recorded)
 * @param learnedRpsPerReplica an objective target's learned per-replica rps target (its capacity times the
 *                 share it keeps in use), what {@code mode: hpa} with {@code hpaMetric} writes into the HPA;
 *                 null when the target has no objective or nothing is known yet
 * @param unschedulable replicas the scheduler cannot place; while there are any, only the load's rate adds replicas
 * @param unschedulableMessage the scheduler's reason; "" when there are none
 */
public record Decision(int current, int desired, String reason, Finding cause, List<String> details, boolean burst,
                       boolean signalsMissing, TargetMemory memory, Double learnedRpsPerReplica, int unschedulable,
                       String unschedulableMessage) {
    /** With every pod schedulable, and no rule named as its cause. */
    public Decision(int current, int desired, String reason, List<String> details, boolean burst,
                    boolean signalsMissing, TargetMemory memory, Double learnedRpsPerReplica) {
        this(current, desired, reason, null, details, burst, signalsMissing, memory, learnedRpsPerReplica, 0, "");
    }

    public boolean changes() {
        return desired != current;
    }
}
