package io.routescale.autoscaler.act;

/**
 * The parts of an autoscaling/v2 HorizontalPodAutoscaler routescale reads.
 *
 * @param targetKind  {@code spec.scaleTargetRef.kind}
 * @param targetName  {@code spec.scaleTargetRef.name}
 */
public record HpaState(String namespace, String name, int minReplicas, int maxReplicas, int currentReplicas,
                       String targetKind, String targetName, String resourceVersion) {
}
