package io.routescale.autoscaler.cluster;

/** Where the autoscaler's Kubernetes Events go: the decisions' (explain) and the policy's (policy). */
@FunctionalInterface
public interface EventSink {
    /** A core/v1 Event on the target (or another object of the namespace). */
    void recordEvent(String namespace, String apiVersion, String kind, String name, String type, String reason,
                     String message) throws ClusterException;
}
