package io.routescale.autoscaler.act;

import io.routescale.autoscaler.policy.TargetRef;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Every Kubernetes call the autoscaler makes, and nothing more: one narrow door, so tests can stand a
 * faithful API server behind it and the RBAC stays the documented minimum.
 */
public interface Cluster {
    /** {@code GET .../{resource}/{name}/scale}, and the workload's ready count. */
    ScaleState readScale(TargetRef target) throws ClusterException;

    /** Merge-patches {@code spec.replicas} on {@code /scale}; a stale {@code resourceVersion} answers 409. */
    void writeScale(TargetRef target, int replicas, String resourceVersion) throws ClusterException;

    Optional<HpaState> readHpa(String namespace, String name) throws ClusterException;

    /** HPAs in the target's namespace whose {@code scaleTargetRef} is the target. */
    List<HpaState> hpasScaling(TargetRef target) throws ClusterException;

    /**
     * JSON-patches an HPA's {@code spec.minReplicas} and, when the patch names one, a metric's
     * {@code target.averageValue} (tested by its name first); a stale {@code resourceVersion} answers 409.
     */
    void patchHpa(String namespace, String name, HpaPatch patch, String resourceVersion) throws ClusterException;

    /** A core/v1 Event on the target (or another object of the namespace). */
    void recordEvent(String namespace, String apiVersion, String kind, String name, String type, String reason,
                     String message) throws ClusterException;

    /** One key of a ConfigMap; empty when the ConfigMap or the key does not exist. */
    Optional<String> readConfigMap(String namespace, String name, String key) throws ClusterException;

    /** {@code http://<podIP>:<port><path>} of every ready, not terminating pod matching {@code labelSelector}. */
    List<URI> readyPodUrls(String namespace, String labelSelector, int port, String path) throws ClusterException;
}
