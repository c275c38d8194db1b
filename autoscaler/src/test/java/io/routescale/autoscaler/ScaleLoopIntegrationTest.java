package io.routescale.autoscaler;

import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.routescale.autoscaler.act.Actuation;
import io.routescale.autoscaler.act.Actuator;
import io.routescale.autoscaler.act.ScaleClient;
import io.routescale.autoscaler.k8s.ClientJavaCluster;
import io.routescale.autoscaler.act.HpaState;
import io.routescale.autoscaler.decide.TargetStep;
import io.routescale.autoscaler.explain.AutoscalerMetrics;
import io.routescale.autoscaler.explain.Explainer;
import io.routescale.autoscaler.policy.PolicyParser;
import io.routescale.autoscaler.policy.PolicyStore;
import io.routescale.autoscaler.policy.SignalSelector;
import io.routescale.autoscaler.testing.FakeSignals;
import io.routescale.autoscaler.testing.Intercept;
import io.routescale.autoscaler.testing.TestApiServer;
import io.routescale.exporter.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decision cycle end to end over client-java and the API server for tests: policy from a ConfigMap,
 * hand-set signals, decisions written through {@code /scale} or an HPA, Events read back.
 */
class ScaleLoopIntegrationTest {
    static final SignalSelector WEB = new SignalSelector(false, "shop", "web");
    static final String POLICY = """
            defaults: {burst: {enabled: false}}
            targets:
              - {namespace: shop, name: web, maxReplicas: 20, signals: [{type: rpsPerReplica, target: 50}]}
            """;

    private TestApiServer api;
    private ClientJavaCluster cluster;
    private final FakeSignals signals = new FakeSignals();
    private final MutableClock clock = new MutableClock(1_800_000_000_000L);
    private PolicyStore store;
    private ScaleLoop loop;
    private PrometheusRegistry registry;

    @BeforeEach
    void start() throws Exception {
        api = new TestApiServer();
        cluster = new ClientJavaCluster(api.client, "routescale-autoscaler", "test-0");
        api.createDeployment("shop", "web", 3, 3);
        api.putPolicy(POLICY);
        build(cluster);
        assertTrue(store.refresh());
        clock.advance(Duration.ofMinutes(5)); // watched long enough to be allowed to scale down
    }

    /** @param c how replicas are read and written; the policy and Events always go to the API server for tests */
    private void build(ScaleClient c) {
        registry = new PrometheusRegistry();
        AutoscalerMetrics metrics = new AutoscalerMetrics(registry);
        store = new PolicyStore(cluster, cluster, new PolicyParser(), metrics, "routescale", "routescale-policy", "policy.yaml");
        loop = new ScaleLoop(store::current, signals, c, new TargetStep(), new Actuator(c, 4, Duration.ofMillis(1), d -> { }),
                new Explainer(cluster, metrics), metrics, clock);
        loop.reset();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private int replicas() throws Exception {
        return new AppsV1Api(api.client).readNamespacedDeployment("web", "shop").execute().getSpec().getReplicas();
    }

    private String scrape() throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        new io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter(false).write(out, registry.scrape());
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private List<String> events(String namespace) throws Exception {
        return new CoreV1Api(api.client).listNamespacedEvent(namespace).execute().getItems().stream()
                .map(e -> e.getReason() + ": " + e.getMessage()).toList();
    }

    @Test
    void scalesDirectlyExplainsAndWritesNothingWhenNothingChanges() throws Exception {
        signals.rps(WEB, 412, 412);
        ScaleLoop.CycleReport r = loop.runOnce();
        assertEquals(7, replicas(), r.decisions().toString());
        assertEquals(1, r.writes());
        assertTrue(events("shop").stream().anyMatch(e -> e.startsWith("Scaled: scale shop/web 3 -> 7: rpsPerReplica")), events("shop").toString());
        int patches = api.dispatcher.scalePatches.get();
        clock.advance(Duration.ofSeconds(1));
        signals.rps(WEB, 7 * 50, 7 * 50);
        assertEquals(0, loop.runOnce().writes());
        assertEquals(patches, api.dispatcher.scalePatches.get(), "no write when nothing changes");
    }

    @Test
    void podsNoNodeHasRoomForAreToldApartFromStartingOnesSaidOnceAndForgotten() throws Exception {
        signals.rps(WEB, 300, 300);
        loop.runOnce();
        assertEquals(6, replicas(), "3 -> 6; no controller here, so 3 stay ready");
        String noRoom = "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found.";
        for (int i = 0; i < 3; i++) {
            api.createPod("shop", "web-" + i, Map.of("app", "web"), "Pending", noRoom);
        }
        api.createPod("shop", "web-starting", Map.of("app", "web"), "Pending", null);
        api.createPod("shop", "other-0", Map.of("app", "other"), "Pending", noRoom);

        clock.advance(Duration.ofSeconds(15));
        signals.rps(WEB, 500, 500);
        ScaleLoop.CycleReport r = loop.runOnce();
        assertEquals(10, replicas(), "the load's rate still adds replicas (a node autoscaler then sees the whole need)");
        assertEquals(3, r.decisions().get(0).unschedulable(), "another workload's pod and a scheduled one do not count");
        assertTrue(r.decisions().get(0).reason().endsWith("3 cannot be scheduled (" + noRoom + "): only the load's rate adds replicas"),
                r.decisions().get(0).reason());
        assertEquals(List.of("ReplicasUnschedulable: 3 replica(s) of shop/web cannot be scheduled: " + noRoom
                        + "; until they run only the load's rate adds replicas (latency and in-flight rules add none)"),
                events("shop").stream().filter(e -> e.startsWith("Replicas")).toList());
        assertTrue(scrape().contains("routescale_autoscaler_pending_replicas{namespace=\"shop\",target=\"web\"} 3.0"), scrape());

        clock.advance(Duration.ofSeconds(15));
        loop.runOnce();
        assertEquals(1, events("shop").stream().filter(e -> e.startsWith("ReplicasUnschedulable")).count(), "said once");

        // Nodes arrive: the pods are scheduled and become ready.
        for (int i = 0; i < 3; i++) {
            new CoreV1Api(api.client).deleteNamespacedPod("web-" + i, "shop").execute();
        }
        api.setReady("shop", "web", 10);
        clock.advance(Duration.ofSeconds(15));
        loop.runOnce();
        assertTrue(events("shop").contains("ReplicasSchedulable: every replica of shop/web can be scheduled again"), events("shop").toString());
        assertTrue(scrape().contains("routescale_autoscaler_pending_replicas{namespace=\"shop\",target=\"web\"} 0.0"), scrape());
    }

    @Test
    void dryRunExplainsWithoutWriting() throws Exception {
        api.putPolicy("dryRun: true\n" + POLICY);
        assertTrue(store.refresh());
        signals.rps(WEB, 412, 412);
        ScaleLoop.CycleReport r = loop.runOnce();
        assertEquals(Actuation.Result.DRY_RUN, r.actuations().get(0).result());
        assertEquals(3, replicas());
        assertEquals(0, api.dispatcher.scalePatches.get());
        assertTrue(events("shop").stream().anyMatch(e -> e.startsWith("DryRun: dry run: scale shop/web 3 -> 7")), events("shop").toString());
    }

    @Test
    void missingSignalsHoldAndSaySo() throws Exception {
        ScaleLoop.CycleReport r = loop.runOnce();
        assertEquals(3, replicas());
        assertTrue(r.decisions().get(0).signalsMissing());
        assertTrue(events("shop").stream().anyMatch(e -> e.startsWith("SignalsMissing: keep shop/web 3: no fresh signal")), events("shop").toString());
    }

    @Test
    void conflictOnStatusOnlyIsRetriedAndLands() throws Exception {
        AtomicBoolean once = new AtomicBoolean();
        build(Intercept.before(cluster, "writeScale", () -> {
            if (once.compareAndSet(false, true)) {
                // Another controller updates the Deployment's status: new resourceVersion, same replicas.
                var deployments = new AppsV1Api(api.client);
                var d = deployments.readNamespacedDeployment("web", "shop").execute();
                d.getMetadata().setLabels(Map.of("touched", "yes"));
                deployments.replaceNamespacedDeployment("web", "shop", d).execute();
            }
        }));
        store.refresh();
        signals.rps(WEB, 412, 412);
        ScaleLoop.CycleReport r = loop.runOnce();
        assertEquals(Actuation.Result.WRITTEN, r.actuations().get(0).result(), r.actuations().toString());
        assertEquals(7, replicas());
    }

    @Test
    void conflictWithAnotherWritersReplicasIsDropped() throws Exception {
        AtomicBoolean once = new AtomicBoolean();
        build(Intercept.before(cluster, "writeScale", () -> {
            if (once.compareAndSet(false, true)) {
                var deployments = new AppsV1Api(api.client);
                var d = deployments.readNamespacedDeployment("web", "shop").execute();
                d.getSpec().setReplicas(5);
                deployments.replaceNamespacedDeployment("web", "shop", d).execute();
            }
        }));
        store.refresh();
        signals.rps(WEB, 412, 412);
        ScaleLoop.CycleReport r = loop.runOnce();
        assertEquals(Actuation.Result.SUPERSEDED, r.actuations().get(0).result());
        assertEquals(5, replicas(), "the other writer's value stands");
    }

    @Test
    void serverErrorsAreRetried() throws Exception {
        api.dispatcher.failNextWrites = 2;
        signals.rps(WEB, 412, 412);
        ScaleLoop.CycleReport r = loop.runOnce();
        assertEquals(Actuation.Result.WRITTEN, r.actuations().get(0).result(), r.actuations().toString());
        assertEquals(7, replicas());
    }

    @Test
    void directTargetThatAnHpaScalesIsRefused() throws Exception {
        api.createHpa("shop", "web", "web", 2, 10);
        signals.rps(WEB, 412, 412);
        ScaleLoop.CycleReport r = loop.runOnce();
        assertEquals(Actuation.Result.REFUSED, r.actuations().get(0).result());
        assertEquals(3, replicas());
        assertTrue(events("shop").stream().anyMatch(e -> e.startsWith("ScaleRefused: not scaling shop/web directly")), events("shop").toString());
    }

    @Test
    void hpaModeRaisesTheFloorAndNeverWritesTheWorkload() throws Exception {
        api.createHpa("shop", "web", "web", 2, 10);
        api.putPolicy("""
                defaults: {burst: {enabled: false}}
                targets:
                  - {namespace: shop, name: web, mode: hpa, hpa: web, maxReplicas: 20, signals: [{type: rpsPerReplica, target: 50}]}
                """);
        assertTrue(store.refresh());
        signals.rps(WEB, 412, 412);
        loop.runOnce();
        assertEquals(7, cluster.readHpa("shop", "web").orElseThrow().minReplicas());
        assertEquals(3, replicas(), "the HPA stays the workload's only writer");
        assertEquals(0, api.dispatcher.scalePatches.get(), "routescale never patched /scale");
        // The test API server runs no controllers: play the HPA controller, which follows its new floor.
        var deployments = new AppsV1Api(api.client);
        var d = deployments.readNamespacedDeployment("web", "shop").execute();
        d.getSpec().setReplicas(7);
        deployments.replaceNamespacedDeployment("web", "shop", d).execute();
        signals.rps(WEB, 5000, 5000);
        clock.advance(Duration.ofSeconds(16));
        loop.runOnce();
        assertEquals(10, cluster.readHpa("shop", "web").orElseThrow().minReplicas(), "clamped to the HPA's maxReplicas");
    }

    @Test
    void hpaModeWithAnObjectiveWritesTheLearnedTargetIntoTheHpa() throws Exception {
        String metric = "routescale_backend_requests_per_second";
        api.createHpa("shop", "web", "web", 2, 10, List.of(TestApiServer.externalAverageValue(metric, "50")));
        api.putPolicy("""
                defaults: {burst: {enabled: false}}
                targets:
                  - {namespace: shop, name: web, mode: hpa, hpa: web, hpaMetric: routescale_backend_requests_per_second,
                     maxReplicas: 20, objective: {p99Latency: 0.25, initialRpsPerReplica: 40}}
                """);
        assertTrue(store.refresh());
        // The first clean window (3 ready pods, p99 0.1 s within 0.25 s) teaches 412 / 3 = 137.3 rps per replica; the
        // target keeps the share in use that unknown re-rises allow: 0.85 x utilization 0.95, over the rule's 2%
        // up-tolerance, so 108.722. 412 rps then wants 4 replicas.
        signals.rps(WEB, 412, 412);
        ScaleLoop.CycleReport r = loop.runOnce();
        assertEquals(Actuation.Result.WRITTEN, r.actuations().get(0).result(), r.actuations().toString());
        HpaState h = cluster.readHpa("shop", "web").orElseThrow();
        assertEquals(108.722, h.metric(metric).orElseThrow().averageValue());
        assertEquals(4, h.minReplicas());
        assertTrue(r.actuations().get(0).message().startsWith(
                "HPA web minReplicas 2 -> 4, routescale_backend_requests_per_second target 50.0 -> 108.7/replica (learned); "),
                r.actuations().get(0).message());
        assertEquals(3, replicas(), "the HPA stays the workload's only writer");
        // The same estimate next cycle: the HPA is not rewritten for it.
        String version = new io.kubernetes.client.openapi.apis.AutoscalingV2Api(api.client)
                .readNamespacedHorizontalPodAutoscaler("web", "shop").execute().getMetadata().getResourceVersion();
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Actuation.Result.UNCHANGED, loop.runOnce().actuations().get(0).result());
        assertEquals(version, new io.kubernetes.client.openapi.apis.AutoscalingV2Api(api.client)
                .readNamespacedHorizontalPodAutoscaler("web", "shop").execute().getMetadata().getResourceVersion());
    }

    @Test
    void hpaMetricThatTheHpaDoesNotHaveIsRefusedByName() throws Exception {
        api.createHpa("shop", "web", "web", 2, 10, List.of(TestApiServer.cpuUtilization(80)));
        api.putPolicy("""
                targets:
                  - {namespace: shop, name: web, mode: hpa, hpa: web, hpaMetric: routescale_backend_requests_per_second,
                     objective: {p99Latency: 0.25, initialRpsPerReplica: 40}}
                """);
        assertTrue(store.refresh());
        signals.rps(WEB, 412, 412);
        ScaleLoop.CycleReport r = loop.runOnce();
        assertEquals(Actuation.Result.REFUSED, r.actuations().get(0).result());
        assertEquals("HorizontalPodAutoscaler shop/web has no metric routescale_backend_requests_per_second with an "
                + "AverageValue target (hpaMetric): its metrics are []; holding", r.actuations().get(0).message());
        assertEquals(2, cluster.readHpa("shop", "web").orElseThrow().minReplicas(), "nothing written");
    }

    @Test
    void badPolicyIsRejectedVisiblyAndTheLastGoodStays() throws Exception {
        api.putPolicy("targets:\n  - {namespace: shop, name: web, maxReplicas: 0, signals: []}\n");
        assertTrue(!store.refresh());
        assertEquals(1, store.current().targets().size());
        assertEquals(20, store.current().targets().get(0).maxReplicas());
        List<String> cmEvents = events("routescale");
        assertTrue(cmEvents.stream().anyMatch(e -> e.startsWith("PolicyRejected: invalid policy: targets[0].maxReplicas")), cmEvents.toString());
        signals.rps(WEB, 412, 412);
        loop.runOnce();
        assertEquals(7, replicas(), "the last good policy still acts");
        // Fixed again: loaded.
        api.putPolicy(POLICY.replace("maxReplicas: 20", "maxReplicas: 6"));
        assertTrue(store.refresh());
        assertEquals(6, store.current().targets().get(0).maxReplicas());
        // Deleted: the last good policy stays in force.
        new CoreV1Api(api.client).deleteNamespacedConfigMap("routescale-policy", "routescale").execute();
        assertTrue(!store.refresh());
        assertEquals(6, store.current().targets().get(0).maxReplicas());
    }

    @Test
    void deletedTargetIsAReadFailureNotACrash() throws Exception {
        new AppsV1Api(api.client).deleteNamespacedDeployment("web", "shop").execute();
        signals.rps(WEB, 412, 412);
        ScaleLoop.CycleReport r = loop.runOnce();
        assertTrue(r.decisions().isEmpty());
        api.createDeployment("shop", "web", 2, 2);
        assertEquals(1, loop.runOnce().decisions().size());
    }
}
