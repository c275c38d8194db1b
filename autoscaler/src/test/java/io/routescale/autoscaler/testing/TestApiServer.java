package io.routescale.autoscaler.testing;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.apis.AutoscalingV2Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1DeploymentStatus;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V2CrossVersionObjectReference;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscalerSpec;
import io.kubernetes.client.openapi.models.V2ExternalMetricSource;
import io.kubernetes.client.openapi.models.V2MetricIdentifier;
import io.kubernetes.client.openapi.models.V2MetricSpec;
import io.kubernetes.client.openapi.models.V2MetricTarget;
import io.kubernetes.client.openapi.models.V2ResourceMetricSource;
import io.kubernetes.client.util.ClientBuilder;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Kubernetes API server for tests: the fabric8 mock in CRUD mode with a faithful {@code /scale}
 * ({@link FaithfulDispatcher}), and a client-java {@link ApiClient} pointed at it with read timeouts
 * (the mock can leave a request unanswered).
 */
public final class TestApiServer implements AutoCloseable {
    /** The mock logs every request at INFO through java.util.logging; kept referenced so the level sticks. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    public final FaithfulDispatcher dispatcher = new FaithfulDispatcher();
    public final KubernetesMockServer server;
    public final ApiClient client;

    public TestApiServer() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        client = new ClientBuilder().setBasePath(baseUrl()).setVerifyingSsl(false)
                .setReadTimeout(Duration.ofSeconds(5)).build();
    }

    public void createDeployment(String ns, String name, int replicas, int ready) throws Exception {
        new AppsV1Api(client).createNamespacedDeployment(ns, new V1Deployment().apiVersion("apps/v1").kind("Deployment")
                .metadata(new V1ObjectMeta().name(name).namespace(ns))
                .spec(new V1DeploymentSpec().replicas(replicas).selector(new V1LabelSelector().matchLabels(Map.of("app", name)))
                        .template(new V1PodTemplateSpec().metadata(new V1ObjectMeta().labels(Map.of("app", name)))
                                .spec(new V1PodSpec().containers(List.of(new V1Container().name(name).image("traefik/whoami"))))))
                .status(new V1DeploymentStatus().replicas(replicas).readyReplicas(ready))).execute();
    }

    /**
     * A pod as the scheduler leaves it: {@code Pending} and, when {@code unschedulableMessage} is not null, with
     * condition {@code PodScheduled=False} reason {@code Unschedulable} and that message (what kube-scheduler
     * writes when no node fits); {@code phase} {@code Running} with {@code PodScheduled=True} otherwise.
     */
    public void createPod(String ns, String name, Map<String, String> labels, String phase, String unschedulableMessage)
            throws Exception {
        V1PodCondition scheduled = unschedulableMessage == null
                ? new V1PodCondition().type("PodScheduled").status("True")
                : new V1PodCondition().type("PodScheduled").status("False").reason("Unschedulable").message(unschedulableMessage);
        new CoreV1Api(client).createNamespacedPod(ns, new V1Pod().apiVersion("v1").kind("Pod")
                .metadata(new V1ObjectMeta().name(name).namespace(ns).labels(labels))
                .spec(new V1PodSpec().containers(List.of(new V1Container().name("app").image("traefik/whoami"))))
                .status(new V1PodStatus().phase(phase).conditions(List.of(scheduled)))).execute();
    }

    /** Sets a Deployment's {@code status.readyReplicas} (no controller runs here to do it). */
    public void setReady(String ns, String name, int ready) throws Exception {
        AppsV1Api apps = new AppsV1Api(client);
        V1Deployment d = apps.readNamespacedDeployment(name, ns).execute();
        d.getStatus().setReadyReplicas(ready);
        apps.replaceNamespacedDeployment(name, ns, d).execute();
    }

    public void createHpa(String ns, String name, String target, int min, int max) throws Exception {
        createHpa(ns, name, target, min, max, List.of());
    }

    /** An HPA with these {@code spec.metrics}, e.g. {@link #externalAverageValue}. */
    public void createHpa(String ns, String name, String target, int min, int max, List<V2MetricSpec> metrics) throws Exception {
        new AutoscalingV2Api(client).createNamespacedHorizontalPodAutoscaler(ns, new V2HorizontalPodAutoscaler()
                .apiVersion("autoscaling/v2").kind("HorizontalPodAutoscaler")
                .metadata(new V1ObjectMeta().name(name).namespace(ns))
                .spec(new V2HorizontalPodAutoscalerSpec().minReplicas(min).maxReplicas(max).metrics(metrics.isEmpty() ? null : metrics)
                        .scaleTargetRef(new V2CrossVersionObjectReference().apiVersion("apps/v1").kind("Deployment").name(target)))).execute();
    }

    /** An External metric with an {@code AverageValue} target, as prometheus-adapter or KEDA serve routescale's signals. */
    public static V2MetricSpec externalAverageValue(String metric, String averageValue) {
        return new V2MetricSpec().type("External").external(new V2ExternalMetricSource()
                .metric(new V2MetricIdentifier().name(metric))
                .target(new V2MetricTarget().type("AverageValue").averageValue(io.kubernetes.client.custom.Quantity.fromString(averageValue))));
    }

    /** A Resource metric (CPU utilization): it names no metric routescale could write. */
    public static V2MetricSpec cpuUtilization(int percent) {
        return new V2MetricSpec().type("Resource").resource(new V2ResourceMetricSource().name("cpu")
                .target(new V2MetricTarget().type("Utilization").averageUtilization(percent)));
    }

    /** Creates or replaces the policy ConfigMap routescale/routescale-policy (key policy.yaml), as kubectl apply would. */
    public void putPolicy(String policy) throws Exception {
        V1ConfigMap cm = new V1ConfigMap().apiVersion("v1").kind("ConfigMap")
                .metadata(new V1ObjectMeta().name("routescale-policy").namespace("routescale")).data(Map.of("policy.yaml", policy));
        CoreV1Api core = new CoreV1Api(client);
        try {
            core.replaceNamespacedConfigMap("routescale-policy", "routescale", cm).execute();
        } catch (io.kubernetes.client.openapi.ApiException e) {
            if (e.getCode() != 404) {
                throw e;
            }
            core.createNamespacedConfigMap("routescale", cm).execute();
        }
    }

    public String baseUrl() {
        return server.url("/").replaceAll("/$", "");
    }

    @Override
    public void close() {
        server.destroy();
    }
}
