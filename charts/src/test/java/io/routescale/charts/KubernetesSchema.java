package io.routescale.charts;

import com.google.gson.Gson;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1StatefulSet;

import java.util.Map;
import java.util.Optional;

/**
 * The Kubernetes API schema of built-in kinds, as client-java 22's generated models enforce it when they read
 * JSON: unknown fields, missing required fields and wrong types are rejected, quantities must parse.
 */
final class KubernetesSchema {
    @FunctionalInterface
    private interface Reader {
        void read(String json) throws Exception;
    }

    private static final Map<String, Reader> READERS = Map.ofEntries(
            Map.entry("v1/ConfigMap", V1ConfigMap::fromJson),
            Map.entry("v1/Namespace", V1Namespace::fromJson),
            Map.entry("v1/Pod", V1Pod::fromJson),
            Map.entry("v1/Service", V1Service::fromJson),
            Map.entry("v1/ServiceAccount", V1ServiceAccount::fromJson),
            Map.entry("apps/v1/DaemonSet", V1DaemonSet::fromJson),
            Map.entry("apps/v1/Deployment", V1Deployment::fromJson),
            Map.entry("apps/v1/StatefulSet", V1StatefulSet::fromJson),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler::fromJson),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy::fromJson),
            Map.entry("policy/v1/PodDisruptionBudget", V1PodDisruptionBudget::fromJson),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRole", V1ClusterRole::fromJson),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", V1ClusterRoleBinding::fromJson),
            Map.entry("rbac.authorization.k8s.io/v1/Role", V1Role::fromJson),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", V1RoleBinding::fromJson));

    private KubernetesSchema() {
    }

    static boolean covers(Map<String, Object> object) {
        return READERS.containsKey(object.get("apiVersion") + "/" + object.get("kind"));
    }

    /** The schema problem with {@code object}, if any. */
    static Optional<String> problem(Map<String, Object> object) {
        Reader reader = READERS.get(object.get("apiVersion") + "/" + object.get("kind"));
        if (reader == null) {
            return Optional.of("no built-in schema for " + object.get("apiVersion") + " " + object.get("kind"));
        }
        try {
            reader.read(new Gson().toJson(object));
            return Optional.empty();
        } catch (Exception | AssertionError e) {
            return Optional.of(e.getMessage());
        }
    }
}
