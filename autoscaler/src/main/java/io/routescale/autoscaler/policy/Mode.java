package io.routescale.autoscaler.policy;

/** How a decision reaches the cluster; one owner per target. */
public enum Mode {
    /** Patch the target's {@code /scale} subresource; refused when an HPA also scales the target. */
    DIRECT,
    /** Patch a named HPA's {@code minReplicas} floor; the HPA stays the only writer of the replicas. */
    HPA
}
