package io.routescale.autoscaler.k8s;

import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.AutoscalingV2Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapList;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentList;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1DeploymentStatus;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1LabelSelectorRequirement;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1ReplicaSetList;
import io.kubernetes.client.openapi.models.V1ReplicaSetSpec;
import io.kubernetes.client.openapi.models.V1ReplicaSetStatus;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StatefulSetList;
import io.kubernetes.client.openapi.models.V1StatefulSetSpec;
import io.kubernetes.client.openapi.models.V1StatefulSetStatus;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscalerList;
import io.routescale.autoscaler.act.HpaPatch;
import io.routescale.autoscaler.act.HpaState;
import io.routescale.autoscaler.act.ScaleClient;
import io.routescale.autoscaler.act.ScaleState;
import io.routescale.autoscaler.act.Unschedulable;
import io.routescale.autoscaler.cluster.ClusterException;
import io.routescale.autoscaler.policy.PolicySource;
import io.routescale.autoscaler.policy.TargetRef;
import io.routescale.autoscaler.signals.ExporterEndpoints;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The cluster as the decision reads it, from informer caches: Deployments, StatefulSets and ReplicaSets (their
 * {@code /scale} is their {@code spec.replicas}, {@code status.replicas} and {@code spec.selector}, and shares
 * their resourceVersion), HPAs, the exporters' pods and the policy ConfigMap. A steady cycle reads nothing
 * from the API server. Writes, pod lists for unschedulable replicas (only while some are not ready) and
 * {@code /scale} of other kinds (a custom resource's scale paths are its CRD's to say) go to the API server
 * through {@link ClientJavaCluster}. A cache is started on first use and waited for up to {@code firstSync}.
 */
public final class WatchedCluster implements ScaleClient, PolicySource, ExporterEndpoints, AutoCloseable {
    private final ClientJavaCluster direct;
    private final WatchedKind.Clients clients;
    private final Duration staleAfter;
    private final Duration firstSync;
    private final LongSupplier nanos;
    private final AppsV1Api apps;
    private final CoreV1Api core;
    private final AutoscalingV2Api autoscaling;
    private final Map<String, WatchedKind<?, ?>> caches = new ConcurrentHashMap<>();
    /** By kind: how each workload kind's {@code /scale} is read from its cache. */
    private final Map<String, Workload<?>> workloads = new ConcurrentHashMap<>();
    /** Our own writes the cache has not shown yet, by target: the replicas written on top of a resourceVersion. */
    private final Map<TargetRef, Written> written = new ConcurrentHashMap<>();

    private record Written(String onResourceVersion, int replicas) {
    }

    /** A workload kind whose {@code /scale} this view derives from the object itself. */
    private record Workload<T extends KubernetesObject>(WatchedKind<T, ?> cache, Function<T, ScaleState> scale) {
    }

    /** How long a watch may say nothing, not even a bookmark, before its connection counts as dead. */
    public static final Duration WATCH_IDLE = Duration.ofMinutes(3);

    /**
     * @param staleAfter how long list and watch may keep failing before the cached objects stop counting
     * @param firstSync  how long the first read of a kind waits for its cache's first list
     */
    public WatchedCluster(ClientJavaCluster direct, ApiClient client, Duration staleAfter, Duration firstSync, LongSupplier nanos) {
        this(direct, client, staleAfter, firstSync, WATCH_IDLE, nanos);
    }

    /** @param watchIdle see {@link #WATCH_IDLE}; tests shorten it */
    public WatchedCluster(ClientJavaCluster direct, ApiClient client, Duration staleAfter, Duration firstSync, Duration watchIdle,
                          LongSupplier nanos) {
        this.direct = direct;
        this.clients = WatchedKind.Clients.of(client, watchIdle);
        this.staleAfter = staleAfter;
        this.firstSync = firstSync;
        this.nanos = nanos;
        this.apps = new AppsV1Api(client);
        this.core = new CoreV1Api(client);
        this.autoscaling = new AutoscalingV2Api(client);
    }

    @Override
    public ScaleState readScale(TargetRef t) throws ClusterException {
        Workload<?> workload = workload(t);
        if (workload == null) {
            return direct.readScale(t);
        }
        ScaleState cached = read(workload, t);
        Written w = written.get(t);
        if (w == null) {
            return cached;
        }
        if (!w.onResourceVersion().equals(cached.resourceVersion())) {
            written.remove(t, w);
            return cached;
        }
        // The watch has not brought our write back yet: decide on what was written, not on what it replaced.
        return new ScaleState(w.replicas(), cached.statusReplicas(), cached.readyReplicas(), cached.resourceVersion(), cached.selector());
    }

    private static <T extends KubernetesObject> ScaleState read(Workload<T> w, TargetRef t) throws ClusterException {
        T object = w.cache().get(t.namespace(), t.name());
        if (object == null) {
            throw new ClusterException(404, t.kind() + " " + t + " not found", null);
        }
        return w.scale().apply(object);
    }

    @Override
    public ScaleState rereadScale(TargetRef t) throws ClusterException {
        return direct.readScale(t);
    }

    @Override
    public void writeScale(TargetRef t, int replicas, String resourceVersion) throws ClusterException {
        direct.writeScale(t, replicas, resourceVersion);
        if (workload(t) != null) {
            written.put(t, new Written(resourceVersion, replicas));
        }
    }

    @Override
    public Unschedulable unschedulable(TargetRef t, String selector) throws ClusterException {
        return direct.unschedulable(t, selector);
    }

    @Override
    public Optional<HpaState> readHpa(String namespace, String name) throws ClusterException {
        return Optional.ofNullable(hpas().get(namespace, name)).map(ClientJavaCluster::hpaState);
    }

    @Override
    public Optional<HpaState> rereadHpa(String namespace, String name) throws ClusterException {
        return direct.readHpa(namespace, name);
    }

    @Override
    public List<HpaState> hpasScaling(TargetRef t) throws ClusterException {
        List<HpaState> out = new ArrayList<>();
        for (V2HorizontalPodAutoscaler h : hpas().list(t.namespace())) {
            HpaState state = ClientJavaCluster.hpaState(h);
            if (t.kind().equals(state.targetKind()) && t.name().equals(state.targetName())) {
                out.add(state);
            }
        }
        return out;
    }

    @Override
    public void patchHpa(String namespace, String name, HpaPatch patch, String resourceVersion) throws ClusterException {
        direct.patchHpa(namespace, name, patch, resourceVersion);
    }

    @Override
    public Optional<String> readConfigMap(String namespace, String name, String key) throws ClusterException {
        WatchedKind<V1ConfigMap, V1ConfigMapList> cache = cache("configmap " + namespace + "/" + name, () -> new WatchedKind<>(
                "ConfigMap " + namespace + "/" + name, clients,
                (rv, timeout, watch) -> core.listNamespacedConfigMap(namespace).fieldSelector("metadata.name=" + name)
                        .resourceVersion(rv).timeoutSeconds(timeout)
                        .watch(on(watch)).allowWatchBookmarks(on(watch)).buildCall(null),
                V1ConfigMap.class, V1ConfigMapList.class, o -> o, staleAfter, firstSync, nanos));
        V1ConfigMap cm = cache.get(namespace, name);
        return Optional.ofNullable(cm == null || cm.getData() == null ? null : cm.getData().get(key));
    }

    @Override
    public List<URI> readyPodUrls(String namespace, String labelSelector, int port, String path) throws ClusterException {
        WatchedKind<V1Pod, V1PodList> cache = cache("pods " + namespace + " " + labelSelector, () -> new WatchedKind<>(
                "pods " + labelSelector + " in " + namespace, clients,
                (rv, timeout, watch) -> core.listNamespacedPod(namespace).labelSelector(labelSelector)
                        .resourceVersion(rv).timeoutSeconds(timeout)
                        .watch(on(watch)).allowWatchBookmarks(on(watch)).buildCall(null),
                V1Pod.class, V1PodList.class, WatchedCluster::podAddress, staleAfter, firstSync, nanos));
        return ClientJavaCluster.urlsOfReady(cache.list(namespace), port, path);
    }

    /** Each cache started so far, by what it holds: true while its reads are answered (synced, not stale). */
    public Map<String, Boolean> cachesReady() {
        Map<String, Boolean> out = new TreeMap<>();
        caches.values().forEach(c -> out.put(c.what(), c.ready()));
        return out;
    }

    @Override
    public void close() {
        caches.values().forEach(WatchedKind::stop);
    }

    private WatchedKind<V2HorizontalPodAutoscaler, V2HorizontalPodAutoscalerList> hpas() {
        return cache("hpas", () -> new WatchedKind<>("HorizontalPodAutoscalers", clients,
                (rv, timeout, watch) -> autoscaling.listHorizontalPodAutoscalerForAllNamespaces()
                        .resourceVersion(rv).timeoutSeconds(timeout)
                        .watch(on(watch)).allowWatchBookmarks(on(watch)).buildCall(null),
                V2HorizontalPodAutoscaler.class, V2HorizontalPodAutoscalerList.class, o -> o, staleAfter, firstSync, nanos));
    }

    /** The target's kind as this view derives its {@code /scale}; null for a kind it does not (read directly). */
    private Workload<?> workload(TargetRef t) {
        return "apps/v1".equals(t.apiVersion()) ? workloads.computeIfAbsent(t.kind(), this::newWorkload) : null;
    }

    /** Made once per kind: every read of a target goes through it. Null for a kind outside the three. */
    private Workload<?> newWorkload(String kind) {
        return switch (kind) {
            case "Deployment" -> new Workload<>(cache("deployments", () -> new WatchedKind<>("Deployments", clients,
                    (rv, timeout, watch) -> apps.listDeploymentForAllNamespaces().resourceVersion(rv).timeoutSeconds(timeout)
                        .watch(on(watch)).allowWatchBookmarks(on(watch)).buildCall(null),
                    V1Deployment.class, V1DeploymentList.class, WatchedCluster::deploymentScale, staleAfter, firstSync, nanos)),
                    d -> scale(d.getMetadata(), d.getSpec().getReplicas(), d.getStatus().getReplicas(), d.getStatus().getReadyReplicas(),
                            d.getSpec().getSelector()));
            case "StatefulSet" -> new Workload<>(cache("statefulsets", () -> new WatchedKind<>("StatefulSets", clients,
                    (rv, timeout, watch) -> apps.listStatefulSetForAllNamespaces().resourceVersion(rv).timeoutSeconds(timeout)
                        .watch(on(watch)).allowWatchBookmarks(on(watch)).buildCall(null),
                    V1StatefulSet.class, V1StatefulSetList.class, WatchedCluster::statefulSetScale, staleAfter, firstSync, nanos)),
                    st -> scale(st.getMetadata(), st.getSpec().getReplicas(), st.getStatus().getReplicas(), st.getStatus().getReadyReplicas(),
                            st.getSpec().getSelector()));
            case "ReplicaSet" -> new Workload<>(cache("replicasets", () -> new WatchedKind<>("ReplicaSets", clients,
                    (rv, timeout, watch) -> apps.listReplicaSetForAllNamespaces().resourceVersion(rv).timeoutSeconds(timeout)
                        .watch(on(watch)).allowWatchBookmarks(on(watch)).buildCall(null),
                    V1ReplicaSet.class, V1ReplicaSetList.class, WatchedCluster::replicaSetScale, staleAfter, firstSync, nanos)),
                    r -> scale(r.getMetadata(), r.getSpec().getReplicas(), r.getStatus().getReplicas(), r.getStatus().getReadyReplicas(),
                            r.getSpec().getSelector()));
            default -> null;
        };
    }

    @SuppressWarnings("unchecked")
    private <T extends KubernetesObject, L extends KubernetesListObject> WatchedKind<T, L> cache(String key,
            java.util.function.Supplier<WatchedKind<T, L>> create) {
        return (WatchedKind<T, L>) caches.computeIfAbsent(key, k -> create.get());
    }

    /** {@code true} for a watch (which asks for bookmarks), absent for a list. */
    private static Boolean on(boolean watch) {
        return watch ? Boolean.TRUE : null;
    }

    /**
     * What {@code /scale} says of an apps/v1 workload: a missing {@code readyReplicas} is 0 (the API omits zero),
     * the selector as the API server writes {@code status.selector}.
     */
    static ScaleState scale(V1ObjectMeta meta, Integer spec, Integer status, Integer ready, V1LabelSelector selector) {
        return new ScaleState(spec == null ? 1 : spec, status == null ? 0 : status, ready == null ? 0 : ready,
                meta.getResourceVersion(), selectorString(selector));
    }

    /**
     * A label selector as {@code metav1.LabelSelectorAsSelector(...).String()} writes it: requirements sorted by
     * key, values sorted, {@code k=v}, {@code k in (a,b)}, {@code k notin (a,b)}, {@code k}, {@code !k}.
     */
    static String selectorString(V1LabelSelector selector) {
        if (selector == null) {
            return "";
        }
        TreeMap<String, List<String>> byKey = new TreeMap<>();
        if (selector.getMatchLabels() != null) {
            selector.getMatchLabels().forEach((k, v) -> byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(k + "=" + v));
        }
        if (selector.getMatchExpressions() != null) {
            for (V1LabelSelectorRequirement r : selector.getMatchExpressions()) {
                String values = String.join(",", new TreeSet<>(r.getValues() == null ? List.of() : r.getValues()));
                String term = switch (r.getOperator()) {
                    case "In" -> r.getKey() + " in (" + values + ")";
                    case "NotIn" -> r.getKey() + " notin (" + values + ")";
                    case "Exists" -> r.getKey();
                    case "DoesNotExist" -> "!" + r.getKey();
                    default -> throw new IllegalArgumentException("label selector operator " + r.getOperator());
                };
                byKey.computeIfAbsent(r.getKey(), x -> new ArrayList<>()).add(term);
            }
        }
        List<String> terms = new ArrayList<>();
        byKey.values().forEach(terms::addAll);
        return String.join(",", terms);
    }

    /** Only what the decision reads is kept: at 10,000 workloads the full objects would be most of the heap. */
    private static V1ObjectMeta meta(V1ObjectMeta m) {
        return new V1ObjectMeta().name(m.getName()).namespace(m.getNamespace()).resourceVersion(m.getResourceVersion()).uid(m.getUid());
    }

    private static KubernetesObject deploymentScale(KubernetesObject o) {
        if (!(o instanceof V1Deployment d) || d.getSpec() == null) {
            return o;
        }
        V1DeploymentStatus s = d.getStatus() == null ? new V1DeploymentStatus() : d.getStatus();
        return new V1Deployment().metadata(meta(d.getMetadata()))
                .spec(new V1DeploymentSpec().replicas(d.getSpec().getReplicas()).selector(d.getSpec().getSelector()))
                .status(new V1DeploymentStatus().replicas(s.getReplicas()).readyReplicas(s.getReadyReplicas()));
    }

    private static KubernetesObject statefulSetScale(KubernetesObject o) {
        if (!(o instanceof V1StatefulSet d) || d.getSpec() == null) {
            return o;
        }
        V1StatefulSetStatus s = d.getStatus() == null ? new V1StatefulSetStatus() : d.getStatus();
        return new V1StatefulSet().metadata(meta(d.getMetadata()))
                .spec(new V1StatefulSetSpec().replicas(d.getSpec().getReplicas()).selector(d.getSpec().getSelector()))
                .status(new V1StatefulSetStatus().replicas(s.getReplicas()).readyReplicas(s.getReadyReplicas()));
    }

    private static KubernetesObject replicaSetScale(KubernetesObject o) {
        if (!(o instanceof V1ReplicaSet d) || d.getSpec() == null) {
            return o;
        }
        V1ReplicaSetStatus s = d.getStatus() == null ? new V1ReplicaSetStatus() : d.getStatus();
        return new V1ReplicaSet().metadata(meta(d.getMetadata()))
                .spec(new V1ReplicaSetSpec().replicas(d.getSpec().getReplicas()).selector(d.getSpec().getSelector()))
                .status(new V1ReplicaSetStatus().replicas(s.getReplicas()).readyReplicas(s.getReadyReplicas()));
    }

    /** An exporter pod: its address and readiness, nothing of its spec. */
    private static KubernetesObject podAddress(KubernetesObject o) {
        if (!(o instanceof V1Pod p) || p.getStatus() == null) {
            return o;
        }
        V1ObjectMeta m = meta(p.getMetadata()).deletionTimestamp(p.getMetadata().getDeletionTimestamp());
        return new V1Pod().metadata(m).status(new V1PodStatus().podIP(p.getStatus().getPodIP()).conditions(p.getStatus().getConditions()));
    }
}
