package io.routescale.autoscaler.k8s;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.routescale.autoscaler.cluster.ClusterException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The resource (plural) name of a kind that has a {@code /scale} subresource, from API discovery
 * ({@code GET /apis/{group}/{version}}), not from "kind + s" (a {@code Policy} is served as {@code policies}).
 * A group/version is read once and again only when a kind is not in it, at most once a minute (a CRD installed
 * later). Read untyped: client-java 22's typed models refuse fields newer API servers add.
 */
final class ScalableKinds {
    private static final long REREAD_NANOS = 60_000_000_000L;

    private final ApiClient client;
    private final CustomObjectsApi custom;
    private final LongSupplier nanoTime;
    private final Map<String, Map<String, String>> byGroupVersion = new ConcurrentHashMap<>();
    private final Map<String, Long> readAt = new ConcurrentHashMap<>();

    ScalableKinds(ApiClient client, LongSupplier nanoTime) {
        this.client = client;
        this.custom = new CustomObjectsApi(client);
        this.nanoTime = nanoTime;
    }

    /** The plural of {@code kind} in {@code group/version}; refused when discovery has no such scalable kind. */
    String plural(String group, String version, String kind) throws ClusterException {
        String groupVersion = group + "/" + version;
        Map<String, String> kinds = byGroupVersion.get(groupVersion);
        Long last = readAt.get(groupVersion);
        if (kinds == null || !kinds.containsKey(kind) && (last == null || nanoTime.getAsLong() - last > REREAD_NANOS)) {
            kinds = read(group, version);
            byGroupVersion.put(groupVersion, kinds);
            readAt.put(groupVersion, nanoTime.getAsLong());
        }
        String plural = kinds.get(kind);
        if (plural == null) {
            throw new ClusterException(404, "API discovery of " + groupVersion + " has no kind " + kind
                    + " with a scale subresource: check the target's apiVersion and kind", null);
        }
        return plural;
    }

    /** Kind to plural, for the resources of the group/version that have a {@code <plural>/scale} subresource. */
    private Map<String, String> read(String group, String version) throws ClusterException {
        Object list;
        try {
            list = client.execute(custom.getAPIResources(group, version).buildCall(null), Object.class).getData();
        } catch (ApiException e) {
            throw new ClusterException(e.getCode(), "API discovery of " + group + "/" + version + " answered " + e.getCode(), e);
        }
        Map<String, String> kindOf = new HashMap<>();
        java.util.Set<String> scalable = new java.util.HashSet<>();
        Object resources = list instanceof Map<?, ?> m ? m.get("resources") : null;
        for (Object r : resources instanceof List<?> l ? l : List.of()) {
            if (!(r instanceof Map<?, ?> resource) || !(resource.get("name") instanceof String name)) {
                continue;
            }
            if (name.endsWith("/scale")) {
                scalable.add(name.substring(0, name.length() - "/scale".length()));
            } else if (!name.contains("/") && resource.get("kind") instanceof String kind) {
                kindOf.put(name, kind);
            }
        }
        Map<String, String> out = new HashMap<>();
        kindOf.forEach((plural, kind) -> {
            if (scalable.contains(plural)) {
                out.put(kind, plural);
            }
        });
        return out;
    }
}
