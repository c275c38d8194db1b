package io.routescale.autoscaler.act;

import io.routescale.autoscaler.cluster.ClusterException;
import io.routescale.autoscaler.policy.TargetRef;

import java.util.List;
import java.util.Optional;

/** The reads and writes of replicas: a workload's {@code /scale} and the HPAs that may scale it. */
public interface ScaleClient {
    /** {@code GET .../{resource}/{name}/scale}, and the workload's ready count. */
    ScaleState readScale(TargetRef target) throws ClusterException;

    /** After a conflict: {@code /scale} as the API server has it now (a cached view may be behind the write that won). */
    default ScaleState rereadScale(TargetRef target) throws ClusterException {
        return readScale(target);
    }

    /** Merge-patches {@code spec.replicas} on {@code /scale}; a stale {@code resourceVersion} answers 409. */
    void writeScale(TargetRef target, int replicas, String resourceVersion) throws ClusterException;

    /** The workload's pods (by its {@code /scale} {@code status.selector}) that cannot be scheduled. */
    Unschedulable unschedulable(TargetRef target, String selector) throws ClusterException;

    Optional<HpaState> readHpa(String namespace, String name) throws ClusterException;

    /** After a conflict: the HPA as the API server has it now. */
    default Optional<HpaState> rereadHpa(String namespace, String name) throws ClusterException {
        return readHpa(namespace, name);
    }

    /** HPAs in the target's namespace whose {@code scaleTargetRef} is the target. */
    List<HpaState> hpasScaling(TargetRef target) throws ClusterException;

    /**
     * JSON-patches an HPA's {@code spec.minReplicas} and, when the patch names one, a metric's
     * {@code target.averageValue} (tested by its name first); a stale {@code resourceVersion} answers 409.
     */
    void patchHpa(String namespace, String name, HpaPatch patch, String resourceVersion) throws ClusterException;
}
