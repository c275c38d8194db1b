package io.routescale.autoscaler.act;

/**
 * A workload's {@code /scale} subresource (autoscaling/v1 Scale) plus its ready count.
 *
 * @param specReplicas    {@code spec.replicas}
 * @param statusReplicas  {@code status.replicas}
 * @param readyReplicas   the workload's {@code status.readyReplicas}
 * @param resourceVersion for an optimistic-concurrency write
 * @param selector        {@code status.selector}, the label selector of its pods; "" when the kind gives none
 */
public record ScaleState(int specReplicas, int statusReplicas, int readyReplicas, String resourceVersion, String selector) {
    public ScaleState(int specReplicas, int statusReplicas, int readyReplicas, String resourceVersion) {
        this(specReplicas, statusReplicas, readyReplicas, resourceVersion, "");
    }
}
