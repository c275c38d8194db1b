package io.routescale.autoscaler.replay;

/**
 * Nodes under the simulated pods (a node autoscaler's view): each node holds {@code podsPerNode} pods; when pods
 * are asked for that no node has room for, nodes are added up to {@code maxNodes}, each able to take pods
 * {@code startupSeconds} after it was asked for (what Cluster Autoscaler or Karpenter take to bring one up). Until
 * then those pods are Unschedulable, which routescale sees and the baselines (like the HPA and the KPA) do not.
 * Nodes are never removed: cost is counted in pod-seconds, as everywhere in the replay.
 */
@io.micronaut.serde.annotation.Serdeable
public record NodeLimit(int podsPerNode, int maxNodes, int startupSeconds) {
    public NodeLimit {
        if (podsPerNode < 1 || maxNodes < 1 || startupSeconds < 0) {
            throw new IllegalArgumentException("nodes need at least 1 pod per node and 1 node, and a start-up of at least 0 s, got "
                    + podsPerNode + " pods per node, " + maxNodes + " nodes, " + startupSeconds + " s");
        }
    }
}
