package io.routescale.autoscaler.k8s;

import io.routescale.autoscaler.act.HpaPatch;
import io.routescale.autoscaler.act.HpaState;
import io.routescale.autoscaler.act.ScaleState;
import io.routescale.autoscaler.act.Unschedulable;
import io.routescale.autoscaler.cluster.ClusterException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.routescale.autoscaler.policy.TargetRef;
import io.routescale.autoscaler.testing.FaithfulDispatcher;
import io.routescale.autoscaler.testing.TestApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The autoscaler's door to Kubernetes, through client-java, against the CRUD API server for tests. */
class ClientJavaClusterTest {
    static final TargetRef WEB = new TargetRef("shop", "web", "apps/v1", "Deployment");
    private TestApiServer api;
    private ClientJavaCluster cluster;

    @BeforeEach
    void start() throws Exception {
        api = new TestApiServer();
        cluster = new ClientJavaCluster(api.client, "routescale-autoscaler", "test-0");
        api.createDeployment("shop", "web", 3, 2);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void readsScaleAndReadiness() throws Exception {
        ScaleState s = cluster.readScale(WEB);
        assertEquals(3, s.specReplicas());
        assertEquals(2, s.readyReplicas());
        assertTrue(!s.resourceVersion().isEmpty());
    }

    @Test
    void countsThePodsOfTheScalesSelectorThatNoNodeCanTake() throws Exception {
        ScaleState s = cluster.readScale(WEB);
        assertEquals("app=web", s.selector(), "the Scale's status.selector");
        assertEquals(Unschedulable.NONE, cluster.unschedulable(WEB, s.selector()));
        api.createPod("shop", "web-a", java.util.Map.of("app", "web"), "Pending", "0/2 nodes are available: 2 Insufficient memory.");
        api.createPod("shop", "web-b", java.util.Map.of("app", "web"), "Pending", "0/2 nodes are available: 2 Insufficient memory.");
        api.createPod("shop", "web-c", java.util.Map.of("app", "web"), "Pending", null);   // scheduled, pulling its image
        api.createPod("shop", "web-d", java.util.Map.of("app", "web"), "Running", null);
        api.createPod("shop", "api-a", java.util.Map.of("app", "api"), "Pending", "0/2 nodes are available: 2 Insufficient memory.");
        assertEquals(new Unschedulable(2, "0/2 nodes are available: 2 Insufficient memory."), cluster.unschedulable(WEB, s.selector()));
        assertEquals(Unschedulable.NONE, cluster.unschedulable(WEB, ""), "a kind without a selector: nothing to list");
    }

    @Test
    void theResourceOfAKindComesFromDiscoveryNotFromKindPlusS() throws Exception {
        // A custom scalable kind whose plural is not kind + "s", as a CRD with a scale subresource would serve it.
        api.dispatcher.discovery.put("example.com/v1", List.of(new FaithfulDispatcher.Discovered("proxies", "Proxy", true),
                new FaithfulDispatcher.Discovered("caches", "Cache", false)));
        api.dispatcher.expectCustomResource(new io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext.Builder()
                .withGroup("example.com").withVersion("v1").withPlural("proxies").withKind("Proxy").withScope("Namespaced").build());
        new io.kubernetes.client.openapi.apis.CustomObjectsApi(api.client).createNamespacedCustomObject("example.com", "v1", "shop", "proxies",
                java.util.Map.of("apiVersion", "example.com/v1", "kind", "Proxy", "metadata", java.util.Map.of("name", "edge", "namespace", "shop"),
                        "spec", java.util.Map.of("replicas", 4), "status", java.util.Map.of("replicas", 4, "readyReplicas", 4))).execute();
        TargetRef proxy = new TargetRef("shop", "edge", "example.com/v1", "Proxy");
        assertEquals(4, cluster.readScale(proxy).specReplicas());
        int reads = api.dispatcher.discoveryReads.get();
        cluster.readScale(proxy);
        cluster.readScale(WEB);
        assertEquals(reads + 1, api.dispatcher.discoveryReads.get(), "example.com/v1 was read once; apps/v1 once more, then cached");

        ClusterException noScale = assertThrows(ClusterException.class, () -> cluster.readScale(new TargetRef("shop", "c", "example.com/v1", "Cache")));
        assertEquals("API discovery of example.com/v1 has no kind Cache with a scale subresource: check the target's apiVersion and kind",
                noScale.getMessage());
        ClusterException noGroup = assertThrows(ClusterException.class, () -> cluster.readScale(new TargetRef("shop", "x", "nothere.example/v9", "X")));
        assertEquals(404, noGroup.status());
    }

    @Test
    void writesReplicasThroughTheScaleSubresource() throws Exception {
        ScaleState s = cluster.readScale(WEB);
        cluster.writeScale(WEB, 7, s.resourceVersion());
        assertEquals(7, new AppsV1Api(api.client).readNamespacedDeployment("web", "shop").execute().getSpec().getReplicas());
    }

    @Test
    void staleResourceVersionIsAConflict() throws Exception {
        ScaleState s = cluster.readScale(WEB);
        cluster.writeScale(WEB, 4, s.resourceVersion());
        ClusterException e = assertThrows(ClusterException.class, () -> cluster.writeScale(WEB, 9, s.resourceVersion()));
        assertTrue(e.conflict(), e.getMessage());
        assertTrue(e.retryable());
        assertEquals(4, cluster.readScale(WEB).specReplicas(), "the stale write did not land");
    }

    @Test
    void missingTargetIsNotFound() {
        ClusterException e = assertThrows(ClusterException.class,
                () -> cluster.readScale(new TargetRef("shop", "gone", "apps/v1", "Deployment")));
        assertTrue(e.notFound(), e.getMessage());
    }

    @Test
    void findsAndPatchesHpas() throws Exception {
        api.createHpa("shop", "web", "web", 2, 20);
        api.createHpa("shop", "other", "checkout", 1, 5);
        List<HpaState> scaling = cluster.hpasScaling(WEB);
        assertEquals(1, scaling.size());
        HpaState h = cluster.readHpa("shop", "web").orElseThrow();
        assertEquals(2, h.minReplicas());
        cluster.patchHpa("shop", "web", HpaPatch.floor(6), h.resourceVersion());
        assertEquals(6, cluster.readHpa("shop", "web").orElseThrow().minReplicas());
        assertEquals(Optional.empty(), cluster.readHpa("shop", "nope"));
    }

    @Test
    void patchesOneMetricTargetAndLeavesTheOthers() throws Exception {
        api.createHpa("shop", "web", "web", 2, 20, List.of(TestApiServer.cpuUtilization(80),
                TestApiServer.externalAverageValue("routescale_backend_requests_per_second", "50")));
        HpaState h = cluster.readHpa("shop", "web").orElseThrow();
        assertEquals(List.of(new HpaState.Metric(1, "External", "routescale_backend_requests_per_second", "AverageValue", 50.0)),
                h.metrics(), "the Resource metric names none");
        HpaState.Metric rps = h.metric("routescale_backend_requests_per_second").orElseThrow();
        cluster.patchHpa("shop", "web", new HpaPatch(5, rps, 78.25), h.resourceVersion());
        HpaState after = cluster.readHpa("shop", "web").orElseThrow();
        assertEquals(5, after.minReplicas());
        assertEquals(78.25, after.metric("routescale_backend_requests_per_second").orElseThrow().averageValue());
        var cpu = new io.kubernetes.client.openapi.apis.AutoscalingV2Api(api.client).readNamespacedHorizontalPodAutoscaler("web", "shop")
                .execute().getSpec().getMetrics().get(0);
        assertEquals(80, cpu.getResource().getTarget().getAverageUtilization(), "the other metric is untouched");
        ClusterException stale = assertThrows(ClusterException.class,
                () -> cluster.patchHpa("shop", "web", HpaPatch.floor(9), h.resourceVersion()));
        assertTrue(stale.conflict(), stale.getMessage());
        assertEquals(5, cluster.readHpa("shop", "web").orElseThrow().minReplicas(), "the stale write did not land");
    }

    @Test
    void quantitiesAreWrittenInThousandths() {
        assertEquals("78250m", ClientJavaCluster.milli(78.25));
        assertEquals("31667m", ClientJavaCluster.milli(31.66666));
        assertEquals("0m", ClientJavaCluster.milli(0.0001));
    }

    @Test
    void recordsEvents() throws Exception {
        cluster.recordEvent("shop", "apps/v1", "Deployment", "web", "Normal", "Scaled", "scale shop/web 3 -> 7: burst");
        List<CoreV1Event> events = new CoreV1Api(api.client).listNamespacedEvent("shop").execute().getItems();
        assertEquals(1, events.size());
        CoreV1Event e = events.get(0);
        assertEquals("Scaled", e.getReason());
        assertEquals("web", e.getInvolvedObject().getName());
        assertEquals("routescale-autoscaler", e.getReportingComponent());
    }

    @Test
    void readsConfigMapKeys() throws Exception {
        api.putPolicy("targets: []");
        assertEquals(Optional.of("targets: []"), cluster.readConfigMap("routescale", "routescale-policy", "policy.yaml"));
        assertEquals(Optional.empty(), cluster.readConfigMap("routescale", "routescale-policy", "other.yaml"));
        assertEquals(Optional.empty(), cluster.readConfigMap("routescale", "missing", "policy.yaml"));
    }

    @Test
    void listsReadyPodsOnly() throws Exception {
        CoreV1Api core = new CoreV1Api(api.client);
        for (String[] p : new String[][] {{"traefik-a", "10.1.0.5", "True"}, {"traefik-b", "10.1.0.6", "False"}}) {
            core.createNamespacedPod("ingress", new V1Pod().apiVersion("v1").kind("Pod")
                    .metadata(new V1ObjectMeta().name(p[0]).namespace("ingress").labels(Map.of("app.kubernetes.io/name", "traefik")))
                    .status(new V1PodStatus().podIP(p[1]).conditions(List.of(new V1PodCondition().type("Ready").status(p[2]))))).execute();
        }
        assertEquals(List.of(URI.create("http://10.1.0.5:9465/signals")),
                cluster.readyPodUrls("ingress", "app.kubernetes.io/name=traefik", 9465, "/signals"));
    }
}
