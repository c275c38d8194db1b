package io.routescale.autoscaler.k8s;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AutoscalingV2Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1EventSource;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import io.kubernetes.client.openapi.models.V2MetricIdentifier;
import io.kubernetes.client.openapi.models.V2MetricSpec;
import io.kubernetes.client.openapi.models.V2MetricTarget;
import io.kubernetes.client.util.PatchUtils;
import io.routescale.autoscaler.act.HpaPatch;
import io.routescale.autoscaler.act.HpaState;
import io.routescale.autoscaler.act.ScaleClient;
import io.routescale.autoscaler.act.ScaleState;
import io.routescale.autoscaler.act.Unschedulable;
import io.routescale.autoscaler.cluster.ClusterException;
import io.routescale.autoscaler.cluster.EventSink;
import io.routescale.autoscaler.policy.PolicySource;
import io.routescale.autoscaler.policy.TargetRef;
import io.routescale.autoscaler.signals.ExporterEndpoints;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every port the autoscaler's packages define ({@link ScaleClient}, {@link EventSink}, {@link PolicySource},
 * {@link ExporterEndpoints}) over the official client (client-java 22 via micronaut-kubernetes-client), written for the
 * real API server:
 * <ul>
 *   <li>{@code /scale} is read and patched through the generic subresource calls, so any kind with a scale
 *       subresource works, not just Deployments;</li>
 *   <li>every patch goes through {@link PatchUtils} with an explicit merge-patch content type (a plain
 *       {@code execute()} would send {@code application/json} and get 415);</li>
 *   <li>writes carry the {@code resourceVersion} they were decided on, so a concurrent writer makes them fail
 *       with 409 instead of being overwritten.</li>
 * </ul>
 */
public final class ClientJavaCluster implements ScaleClient, EventSink, PolicySource, ExporterEndpoints {
    private final ApiClient client;
    private final CustomObjectsApi custom;
    private final AutoscalingV2Api autoscaling;
    private final CoreV1Api core;
    private final String component;
    private final String instance;
    private final ScalableKinds kinds;

    /**
     * @param component reporting component of Events, e.g. {@code routescale-autoscaler}
     * @param instance  reporting instance (the pod name)
     */
    public ClientJavaCluster(ApiClient client, String component, String instance) {
        this.client = client;
        this.custom = new CustomObjectsApi(client);
        this.autoscaling = new AutoscalingV2Api(client);
        this.core = new CoreV1Api(client);
        this.kinds = new ScalableKinds(client, System::nanoTime);
        this.component = component;
        this.instance = instance;
    }

    @Override
    public ScaleState readScale(TargetRef t) throws ClusterException {
        Resource r = resource(t);
        try {
            Map<?, ?> scale = map(custom.getNamespacedCustomObjectScale(r.group, r.version, t.namespace(), r.plural, t.name()).execute());
            Map<?, ?> workload = map(custom.getNamespacedCustomObject(r.group, r.version, t.namespace(), r.plural, t.name()).execute());
            int spec = integer(map(scale.get("spec")).get("replicas"), 0);
            int status = integer(map(scale.get("status")).get("replicas"), 0);
            // apps/v1 omits readyReplicas when none is ready; kinds without the field (some custom resources)
            // count their current replicas as ready.
            int ready = integer(map(workload.get("status")).get("readyReplicas"), "apps/v1".equals(t.apiVersion()) ? 0 : status);
            String rv = String.valueOf(map(scale.get("metadata")).get("resourceVersion"));
            Object selector = map(scale.get("status")).get("selector");
            return new ScaleState(spec, status, ready, rv, selector == null ? "" : String.valueOf(selector));
        } catch (ApiException e) {
            throw failure("read scale of " + t.kind() + " " + t, e);
        }
    }

    @Override
    public Unschedulable unschedulable(TargetRef t, String selector) throws ClusterException {
        if (selector.isEmpty()) {
            return Unschedulable.NONE;
        }
        try {
            int pods = 0;
            String message = "";
            for (V1Pod pod : core.listNamespacedPod(t.namespace()).labelSelector(selector).execute().getItems()) {
                if (pod.getMetadata() != null && pod.getMetadata().getDeletionTimestamp() != null
                        || pod.getStatus() == null || !"Pending".equals(pod.getStatus().getPhase())
                        || pod.getStatus().getConditions() == null) {
                    continue;
                }
                for (V1PodCondition c : pod.getStatus().getConditions()) {
                    if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason())) {
                        pods++;
                        if (message.isEmpty() && c.getMessage() != null) {
                            message = c.getMessage();
                        }
                    }
                }
            }
            return pods == 0 ? Unschedulable.NONE : new Unschedulable(pods, message);
        } catch (ApiException e) {
            throw failure("list pods of " + t.kind() + " " + t, e);
        }
    }

    @Override
    public void writeScale(TargetRef t, int replicas, String resourceVersion) throws ClusterException {
        Resource r = resource(t);
        Map<String, Object> patch = Map.of("metadata", Map.of("resourceVersion", resourceVersion),
                "spec", Map.of("replicas", replicas));
        try {
            PatchUtils.patch(Object.class,
                    () -> custom.patchNamespacedCustomObjectScale(r.group, r.version, t.namespace(), r.plural, t.name(), patch).buildCall(null),
                    V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
        } catch (ApiException e) {
            throw failure("patch scale of " + t.kind() + " " + t, e);
        }
    }

    @Override
    public Optional<HpaState> readHpa(String namespace, String name) throws ClusterException {
        try {
            return Optional.of(hpaState(autoscaling.readNamespacedHorizontalPodAutoscaler(name, namespace).execute()));
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw failure("read HPA " + namespace + "/" + name, e);
        }
    }

    @Override
    public List<HpaState> hpasScaling(TargetRef t) throws ClusterException {
        try {
            List<HpaState> out = new ArrayList<>();
            for (V2HorizontalPodAutoscaler h : autoscaling.listNamespacedHorizontalPodAutoscaler(t.namespace()).execute().getItems()) {
                HpaState state = hpaState(h);
                if (t.kind().equals(state.targetKind()) && t.name().equals(state.targetName())) {
                    out.add(state);
                }
            }
            return out;
        } catch (ApiException e) {
            throw failure("list HPAs in " + t.namespace(), e);
        }
    }

    @Override
    public void patchHpa(String namespace, String name, HpaPatch patch, String resourceVersion) throws ClusterException {
        // A JSON patch, not a merge patch: a merge patch replaces spec.metrics whole. The resourceVersion it sets
        // makes the API server refuse a stale write (409); the test op refuses one whose metric list moved.
        StringBuilder ops = new StringBuilder("[");
        ops.append(op("replace", "/metadata/resourceVersion", quoted(resourceVersion))).append(',');
        ops.append(op("add", "/spec/minReplicas", Integer.toString(patch.minReplicas())));
        if (patch.metric() != null) {
            String at = "/spec/metrics/" + patch.metric().index() + "/" + metricField(patch.metric().type());
            ops.append(',').append(op("test", at + "/metric/name", quoted(patch.metric().metricName())));
            ops.append(',').append(op("replace", at + "/target/averageValue", quoted(milli(patch.averageValue()))));
        }
        ops.append(']');
        try {
            PatchUtils.patch(V2HorizontalPodAutoscaler.class,
                    () -> autoscaling.patchNamespacedHorizontalPodAutoscaler(name, namespace, new V1Patch(ops.toString())).buildCall(null),
                    V1Patch.PATCH_FORMAT_JSON_PATCH, client);
        } catch (ApiException e) {
            throw failure("patch HPA " + namespace + "/" + name, e);
        }
    }

    /** A Quantity in thousandths ({@code 78500m} is 78.5): exact for what routescale writes, and canonical. */
    static String milli(double value) {
        return Math.round(value * 1000) + "m";
    }

    private static String metricField(String type) {
        return switch (type) {
            case "External" -> "external";
            case "Object" -> "object";
            case "Pods" -> "pods";
            default -> throw new IllegalArgumentException("no metric name in an HPA metric of type " + type);
        };
    }

    private static String op(String op, String path, String jsonValue) {
        return "{\"op\":\"" + op + "\",\"path\":\"" + path + "\",\"value\":" + jsonValue + "}";
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void recordEvent(String namespace, String apiVersion, String kind, String name, String type, String reason,
                            String message) throws ClusterException {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String eventName = name + "." + Long.toHexString(System.currentTimeMillis()) + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000));
        CoreV1Event event = new CoreV1Event().apiVersion("v1").kind("Event")
                .metadata(new V1ObjectMeta().name(eventName).namespace(namespace))
                .involvedObject(new V1ObjectReference().apiVersion(apiVersion).kind(kind).name(name).namespace(namespace))
                .type(type).reason(reason).message(message.length() > 1024 ? message.substring(0, 1021) + "..." : message)
                .firstTimestamp(now).lastTimestamp(now).count(1)
                .source(new V1EventSource().component(component)).reportingComponent(component).reportingInstance(instance);
        try {
            core.createNamespacedEvent(namespace, event).execute();
        } catch (ApiException e) {
            throw failure("record event on " + kind + " " + namespace + "/" + name, e);
        }
    }

    @Override
    public Optional<String> readConfigMap(String namespace, String name, String key) throws ClusterException {
        try {
            V1ConfigMap cm = core.readNamespacedConfigMap(name, namespace).execute();
            return Optional.ofNullable(cm.getData() == null ? null : cm.getData().get(key));
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw failure("read ConfigMap " + namespace + "/" + name, e);
        }
    }

    @Override
    public List<URI> readyPodUrls(String namespace, String labelSelector, int port, String path) throws ClusterException {
        try {
            return urlsOfReady(core.listNamespacedPod(namespace).labelSelector(labelSelector).execute().getItems(), port, path);
        } catch (ApiException e) {
            throw failure("list pods " + labelSelector + " in " + namespace, e);
        }
    }

    /** {@code http://<pod IP>:<port><path>} of each pod that is ready and not being deleted. */
    static List<URI> urlsOfReady(List<V1Pod> pods, int port, String path) {
        List<URI> out = new ArrayList<>();
        for (V1Pod pod : pods) {
            if (pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null
                    || pod.getStatus().getPodIP() == null || !ready(pod)) {
                continue;
            }
            String ip = pod.getStatus().getPodIP();
            String host = ip.contains(":") ? "[" + ip + "]" : ip;
            out.add(URI.create("http://" + host + ":" + port + path));
        }
        return out;
    }

    private static boolean ready(V1Pod pod) {
        List<V1PodCondition> conditions = pod.getStatus().getConditions();
        return conditions != null && conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static HpaState hpaState(V2HorizontalPodAutoscaler h) {
        int min = h.getSpec().getMinReplicas() == null ? 1 : h.getSpec().getMinReplicas();
        int current = h.getStatus() == null || h.getStatus().getCurrentReplicas() == null ? 0 : h.getStatus().getCurrentReplicas();
        List<HpaState.Metric> metrics = new ArrayList<>();
        List<V2MetricSpec> specs = h.getSpec().getMetrics() == null ? List.of() : h.getSpec().getMetrics();
        for (int i = 0; i < specs.size(); i++) {
            V2MetricSpec m = specs.get(i);
            V2MetricIdentifier id = null;
            V2MetricTarget target = null;
            if (m.getExternal() != null) {
                id = m.getExternal().getMetric();
                target = m.getExternal().getTarget();
            } else if (m.getObject() != null) {
                id = m.getObject().getMetric();
                target = m.getObject().getTarget();
            } else if (m.getPods() != null) {
                id = m.getPods().getMetric();
                target = m.getPods().getTarget();
            }
            if (id != null && target != null) {
                double average = target.getAverageValue() == null ? Double.NaN : target.getAverageValue().getNumber().doubleValue();
                metrics.add(new HpaState.Metric(i, m.getType(), id.getName(), target.getType(), average));
            }
        }
        return new HpaState(h.getMetadata().getNamespace(), h.getMetadata().getName(), min, h.getSpec().getMaxReplicas(),
                current, h.getSpec().getScaleTargetRef().getKind(), h.getSpec().getScaleTargetRef().getName(),
                h.getMetadata().getResourceVersion(), List.copyOf(metrics));
    }

    private static ClusterException failure(String what, ApiException e) {
        String body = e.getResponseBody() == null ? "" : e.getResponseBody().lines().findFirst().orElse("");
        if (body.length() > 300) {
            body = body.substring(0, 300) + "...";
        }
        return new ClusterException(e.getCode(), what + " failed: " + (e.getCode() == 0 ? e.getMessage() : "HTTP " + e.getCode() + " " + body), e);
    }

    private static Map<?, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? m : Map.of();
    }

    private static int integer(Object o, int fallback) {
        return o instanceof Number n ? n.intValue() : fallback;
    }

    /** group/version/plural of a target: {@code apps/v1} + {@code Deployment} is {@code apps}, {@code v1}, {@code deployments}. */
    private record Resource(String group, String version, String plural) {
    }

    /** The target's group, version and resource name (from API discovery). */
    private Resource resource(TargetRef t) throws ClusterException {
        int slash = t.apiVersion().indexOf('/');
        if (slash < 0) {
            throw new ClusterException(400, t.kind() + " " + t + ": apiVersion " + t.apiVersion() + " has no group; a scalable workload's does", null);
        }
        String group = t.apiVersion().substring(0, slash);
        String version = t.apiVersion().substring(slash + 1);
        return new Resource(group, version, kinds.plural(group, version, t.kind()));
    }
}
