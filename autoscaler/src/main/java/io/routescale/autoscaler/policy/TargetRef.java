package io.routescale.autoscaler.policy;

/**
 * A workload with a {@code /scale} subresource.
 *
 * @param apiVersion e.g. {@code apps/v1}
 * @param kind       e.g. {@code Deployment}
 */
public record TargetRef(String namespace, String name, String apiVersion, String kind) {
    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
