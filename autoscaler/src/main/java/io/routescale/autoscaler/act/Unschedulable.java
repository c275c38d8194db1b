package io.routescale.autoscaler.act;

/**
 * A workload's pods that the scheduler cannot place: {@code Pending} with condition {@code PodScheduled=False},
 * reason {@code Unschedulable} (no node has room; Cluster Autoscaler and Karpenter add nodes for exactly these).
 *
 * @param pods    how many
 * @param message the scheduler's words for the first of them, e.g. {@code 0/3 nodes are available: 3 Insufficient cpu.}
 */
public record Unschedulable(int pods, String message) {
    public static final Unschedulable NONE = new Unschedulable(0, "");
}
