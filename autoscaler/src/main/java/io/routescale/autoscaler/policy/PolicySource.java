package io.routescale.autoscaler.policy;

import io.routescale.autoscaler.cluster.ClusterException;

import java.util.Optional;

/** Where the policy is read from: one key of a ConfigMap. */
@FunctionalInterface
public interface PolicySource {
    /** The key's text; empty when the ConfigMap or the key does not exist. */
    Optional<String> readConfigMap(String namespace, String name, String key) throws ClusterException;
}
