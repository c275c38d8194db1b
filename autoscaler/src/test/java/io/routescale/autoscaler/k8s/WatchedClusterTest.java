package io.routescale.autoscaler.k8s;

import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1LabelSelectorRequirement;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.routescale.autoscaler.ScaleLoop;
import io.routescale.autoscaler.act.Actuation;
import io.routescale.autoscaler.act.Actuator;
import io.routescale.autoscaler.act.ScaleState;
import io.routescale.autoscaler.cluster.ClusterException;
import io.routescale.autoscaler.decide.TargetStep;
import io.routescale.autoscaler.explain.AutoscalerMetrics;
import io.routescale.autoscaler.explain.Explainer;
import io.routescale.autoscaler.policy.PolicyParser;
import io.routescale.autoscaler.policy.PolicyStore;
import io.routescale.autoscaler.policy.SignalSelector;
import io.routescale.autoscaler.policy.TargetRef;
import io.routescale.autoscaler.testing.FakeSignals;
import io.routescale.autoscaler.testing.TestApiServer;
import io.routescale.exporter.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster view the decision reads, from client-java informers over the API server for tests, which lists
 * and watches like a real one (resourceVersions, 410 after compaction, streams that end).
 */
class WatchedClusterTest {
    static final TargetRef WEB = new TargetRef("shop", "web", "apps/v1", "Deployment");
    private static final Duration WAIT = Duration.ofSeconds(10);
    private TestApiServer api;
    private ClientJavaCluster direct;
    private WatchedCluster watched;

    @BeforeEach
    void start() throws Exception {
        api = new TestApiServer();
        direct = new ClientJavaCluster(api.client, "routescale-autoscaler", "test-0");
        watched = new WatchedCluster(direct, api.client, Duration.ofMillis(500), Duration.ofSeconds(5), System::nanoTime);
        api.createDeployment("shop", "web", 3, 3);
    }

    @AfterEach
    void stop() {
        watched.close();
        api.close();
    }

    @Test
    void readsComeFromTheCacheNotTheApiServer() throws Exception {
        ScaleState first = watched.readScale(WEB);
        assertEquals(new ScaleState(3, 3, 3, direct.readScale(WEB).resourceVersion(), "app=web"), first,
                "the same Scale the API server's /scale answers");
        int reads = api.reads.get();
        for (int i = 0; i < 100; i++) {
            watched.readScale(WEB);
        }
        assertEquals(reads, api.reads.get(), "100 reads, no request");
    }

    @Test
    void aChangeReachesTheCacheThroughTheWatch() throws Exception {
        watched.readScale(WEB);
        api.setReady("shop", "web", 1);
        assertEquals(1, eventually(() -> watched.readScale(WEB).readyReplicas(), 1));
    }

    @Test
    void aWatchThatEndsIsResumedFromItsResourceVersionWithoutAList() throws Exception {
        watched.readScale(WEB);
        int lists = api.dispatcher.watches.listsServed.get();
        api.dispatcher.watches.endWatches();
        api.setReady("shop", "web", 2);
        assertEquals(2, eventually(() -> watched.readScale(WEB).readyReplicas(), 2));
        assertEquals(lists, api.dispatcher.watches.listsServed.get(), "resumed by a watch from the last resourceVersion");
    }

    @Test
    void a410ForcesAFreshListThatBringsWhatTheWatchMissed() throws Exception {
        watched.readScale(WEB);
        int lists = api.dispatcher.watches.listsServed.get();
        api.dispatcher.watches.hold();
        api.setReady("shop", "web", 0);
        api.dispatcher.watches.compact();
        api.dispatcher.watches.endWatches();
        api.dispatcher.watches.release();
        assertEquals(0, eventually(() -> watched.readScale(WEB).readyReplicas(), 0));
        assertEquals(lists + 1, api.dispatcher.watches.listsServed.get(), "one re-list after 410 Expired");
    }

    /**
     * A connection that died without a word (no FIN: a node gone, a NAT entry dropped) leaves a watch with no read
     * timeout waiting for ever; with one, it fails once nothing, not even a bookmark, came for {@code watchIdle},
     * and a fresh list brings what the dead watch never delivered.
     */
    @Test
    void aWatchThatGoesSilentIsGivenUpAndTheListBringsWhatItMissed() throws Exception {
        WatchedCluster quick = new WatchedCluster(direct, api.client, Duration.ofSeconds(15), Duration.ofSeconds(5),
                Duration.ofMillis(700), System::nanoTime);
        try {
            assertEquals(3, quick.readScale(WEB).readyReplicas());
            int lists = api.dispatcher.watches.listsServed.get();
            api.dispatcher.watches.hold(); // the watch stays open and says nothing: as a dead connection
            api.setReady("shop", "web", 1);
            assertEquals(1, eventually(() -> quick.readScale(WEB).readyReplicas(), 1), "brought by a new list");
            assertTrue(api.dispatcher.watches.listsServed.get() > lists);
            api.dispatcher.watches.release();
        } finally {
            quick.close();
        }
    }

    @Test
    void aCacheThatCannotSyncIsMissingDataNotAnEmptyCluster() throws Exception {
        api.goDown();
        WatchedCluster cold = new WatchedCluster(direct, api.client, Duration.ofSeconds(15), Duration.ofMillis(300), System::nanoTime);
        try {
            ClusterException e = assertThrows(ClusterException.class, () -> cold.readScale(WEB));
            assertEquals(503, e.status());
            assertTrue(e.getMessage().startsWith("the watched cache of Deployments has not synced yet"), e.getMessage());
            api.comeBack();
            assertEquals(3, eventually(() -> cold.readScale(WEB).specReplicas(), 3));
        } finally {
            cold.close();
        }
    }

    @Test
    void aCacheWhoseListAndWatchKeepFailingGoesStaleAndRecovers() throws Exception {
        watched.readScale(WEB);
        api.goDown();
        ClusterException e = eventuallyThrows(() -> watched.readScale(WEB));
        assertEquals(503, e.status());
        assertTrue(e.getMessage().startsWith("the watched cache of Deployments is stale: list and watch failing for"), e.getMessage());
        assertEquals(Map.of("Deployments", false), watched.cachesReady(), "what the cluster_cache_ready gauge publishes");
        api.comeBack();
        api.setReady("shop", "web", 2);
        assertEquals(2, eventually(() -> watched.readScale(WEB).readyReplicas(), 2));
        assertEquals(Map.of("Deployments", true), watched.cachesReady());
    }

    @Test
    void anObjectDeletedAndCreatedAgainUnderItsNameIsTheNewOne() throws Exception {
        String old = watched.readScale(WEB).resourceVersion();
        new AppsV1Api(api.client).deleteNamespacedDeployment("web", "shop").execute();
        ClusterException gone = eventuallyThrows(() -> watched.readScale(WEB));
        assertEquals(404, gone.status(), gone.getMessage());
        api.createDeployment("shop", "web", 5, 5);
        ScaleState again = eventuallyWhen(() -> watched.readScale(WEB), s -> s.specReplicas() == 5);
        assertTrue(!again.resourceVersion().equals(old));
        watched.writeScale(WEB, 6, again.resourceVersion());
        assertEquals(6, direct.readScale(WEB).specReplicas(), "written on the new object's resourceVersion, no 409");
    }

    @Test
    void ourOwnWriteIsReadBackBeforeTheWatchBringsIt() throws Exception {
        ScaleState before = watched.readScale(WEB);
        api.dispatcher.watches.hold();
        watched.writeScale(WEB, 7, before.resourceVersion());
        ScaleState during = watched.readScale(WEB);
        assertEquals(7, during.specReplicas(), "the write, not the replicas it replaced");
        assertEquals(before.resourceVersion(), during.resourceVersion(), "still the cache's object: a write on it would 409 and re-read");
        api.dispatcher.watches.release();
        ScaleState after = eventuallyWhen(() -> watched.readScale(WEB), s -> !s.resourceVersion().equals(before.resourceVersion()));
        assertEquals(7, after.specReplicas());
    }

    @Test
    void aConflictIsReReadFromTheApiServerNotFromABehindCache() throws Exception {
        ScaleState seen = watched.readScale(WEB);
        api.dispatcher.watches.hold();
        direct.writeScale(WEB, 9, seen.resourceVersion()); // another writer, not yet in the cache
        assertEquals(3, watched.readScale(WEB).specReplicas(), "the cache is behind");
        assertEquals(9, watched.rereadScale(WEB).specReplicas());
        api.dispatcher.watches.release();
    }

    @Test
    void aStatefulSetsSelectorIsWrittenAsTheApiServerWritesStatusSelector() {
        V1LabelSelector s = new V1LabelSelector().matchLabels(Map.of("tier", "db", "app", "pg"))
                .matchExpressions(List.of(new V1LabelSelectorRequirement().key("zone").operator("In").values(List.of("b", "a")),
                        new V1LabelSelectorRequirement().key("canary").operator("DoesNotExist")));
        assertEquals("app=pg,!canary,tier=db,zone in (a,b)", WatchedCluster.selectorString(s));
    }

    @Test
    void aDeploymentWhoseStatusOmitsReadyReplicasHasNoneReadyInBothViews() throws Exception {
        api.createDeployment("shop", "cold", 2, 2);
        TargetRef cold = new TargetRef("shop", "cold", "apps/v1", "Deployment");
        assertEquals(2, watched.readScale(cold).readyReplicas());
        AppsV1Api apps = new AppsV1Api(api.client);
        var d = apps.readNamespacedDeployment("cold", "shop").execute();
        d.getStatus().setReadyReplicas(null); // as the API server writes it: a zero is omitted
        apps.replaceNamespacedDeployment("cold", "shop", d).execute();
        assertTrue(!api.dispatcher.handleGet("/apis/apps/v1/namespaces/shop/deployments/cold").getBody().readUtf8().contains("readyReplicas"));
        assertEquals(0, eventually(() -> watched.readScale(cold).readyReplicas(), 0));
        assertEquals(0, direct.readScale(cold).readyReplicas(), "not its 2 current replicas");
    }

    @Test
    void exporterPodsComeAndGoWithTheirReadinessAndLabels() throws Exception {
        api.createPod("traefik", "traefik-0", Map.of("app.kubernetes.io/name", "traefik"), "Running", null);
        setPod("traefik-0", "10.0.0.7", true, null);
        String selector = "app.kubernetes.io/name=traefik";
        List<URI> one = List.of(URI.create("http://10.0.0.7:9465/signals"));
        assertEquals(one, watched.readyPodUrls("traefik", selector, 9465, "/signals"));
        setPod("traefik-0", "10.0.0.7", false, null);
        assertEquals(List.of(), eventuallyWhen(() -> watched.readyPodUrls("traefik", selector, 9465, "/signals"), List::isEmpty), "not ready");
        setPod("traefik-0", "10.0.0.7", true, null);
        assertEquals(one, eventually(() -> watched.readyPodUrls("traefik", selector, 9465, "/signals"), one), "ready again");
        setPod("traefik-0", "10.0.0.7", true, Map.of("app.kubernetes.io/name", "other"));
        assertEquals(List.of(), eventuallyWhen(() -> watched.readyPodUrls("traefik", selector, 9465, "/signals"), List::isEmpty),
                "relabelled out of the selector: the watch says DELETED");
        int reads = api.reads.get();
        watched.readyPodUrls("traefik", selector, 9465, "/signals");
        assertEquals(reads, api.reads.get());
    }

    @Test
    void thePolicyAndHpasAreReadFromCachesToo() throws Exception {
        api.putPolicy("targets: []\n");
        assertEquals(Optional.of("targets: []\n"), watched.readConfigMap("routescale", "routescale-policy", "policy.yaml"));
        api.createHpa("shop", "web", "web", 2, 9);
        assertEquals(1, eventually(() -> watched.hpasScaling(WEB).size(), 1));
        assertEquals(9, watched.readHpa("shop", "web").orElseThrow().maxReplicas());
        api.putPolicy("targets: [x]\n");
        assertEquals(Optional.of("targets: [x]\n"),
                eventuallyWhen(() -> watched.readConfigMap("routescale", "routescale-policy", "policy.yaml"), v -> v.equals(Optional.of("targets: [x]\n"))));
        int reads = api.reads.get();
        watched.readConfigMap("routescale", "routescale-policy", "policy.yaml");
        watched.hpasScaling(WEB);
        assertEquals(reads, api.reads.get());
        assertEquals(Optional.empty(), watched.readConfigMap("routescale", "absent", "policy.yaml"));
    }

    @Test
    void aKindOutsideAppsV1IsReadFromItsScaleSubresource() throws Exception {
        api.dispatcher.expectCustomResource(new io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext.Builder()
                .withGroup("example.com").withVersion("v1").withPlural("proxies").withKind("Proxy").withScope("Namespaced").build());
        api.dispatcher.discovery.put("example.com/v1", List.of(new io.routescale.autoscaler.testing.FaithfulDispatcher.Discovered("proxies", "Proxy", true)));
        new io.kubernetes.client.openapi.apis.CustomObjectsApi(api.client).createNamespacedCustomObject("example.com", "v1", "shop", "proxies",
                Map.of("apiVersion", "example.com/v1", "kind", "Proxy", "metadata", Map.of("name", "edge", "namespace", "shop"),
                        "spec", Map.of("replicas", 4), "status", Map.of("replicas", 4, "readyReplicas", 4))).execute();
        int reads = api.reads.get();
        assertEquals(4, watched.readScale(new TargetRef("shop", "edge", "example.com/v1", "Proxy")).specReplicas());
        assertTrue(api.reads.get() > reads, "read from the API server");
    }

    /** The decision on the watched view: steady cycles read nothing; a cache that cannot sync holds the target. */
    @Test
    void aSteadyCycleReadsNothingAndAnUnsyncedCacheHoldsTheTarget() throws Exception {
        SignalSelector web = new SignalSelector(false, "shop", "web");
        api.putPolicy("""
                defaults: {burst: {enabled: false}}
                targets:
                  - {namespace: shop, name: web, maxReplicas: 20, signals: [{type: rpsPerReplica, target: 50}]}
                """);
        FakeSignals signals = new FakeSignals();
        MutableClock clock = new MutableClock(1_800_000_000_000L);
        AutoscalerMetrics metrics = new AutoscalerMetrics(new PrometheusRegistry());
        PolicyStore store = new PolicyStore(watched, direct, new PolicyParser(), metrics, "routescale", "routescale-policy", "policy.yaml");
        assertTrue(store.refresh());
        ScaleLoop loop = new ScaleLoop(store::current, signals, watched, new TargetStep(), new Actuator(watched, 4, Duration.ofMillis(1), d -> { }),
                new Explainer(direct, metrics), metrics, clock);
        signals.rps(web, 300, 300);
        assertEquals(1, loop.runOnce().writes(), "3 -> 6");
        api.setReady("shop", "web", 6); // started (no controller runs here), so no pod list is wanted either
        assertEquals(6, eventually(() -> watched.readScale(WEB).readyReplicas(), 6));
        int reads = api.reads.get();
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(1));
            assertEquals(0, loop.runOnce().writes());
        }
        assertEquals(reads, api.reads.get(), "five steady cycles, not one read");

        // A fresh replica whose caches cannot sync: a load that would scale 6 -> 1 changes nothing.
        api.goDown();
        WatchedCluster cold = new WatchedCluster(direct, api.client, Duration.ofSeconds(15), Duration.ofMillis(200), System::nanoTime);
        try {
            ScaleLoop fresh = new ScaleLoop(store::current, signals, cold, new TargetStep(), new Actuator(cold, 4, Duration.ofMillis(1), d -> { }),
                    new Explainer(direct, metrics), metrics, clock);
            signals.rps(web, 10, 10);
            clock.advance(Duration.ofMinutes(10));
            ScaleLoop.CycleReport held = fresh.runOnce();
            assertEquals(0, held.writes());
            assertEquals(List.of(), held.actuations().stream().map(Actuation::result).toList(), "no decision without the target's state");
            api.comeBack();
            assertEquals(6, direct.readScale(WEB).specReplicas());
        } finally {
            cold.close();
        }
    }

    private void setPod(String name, String ip, boolean ready, Map<String, String> labels) throws Exception {
        CoreV1Api core = new CoreV1Api(api.client);
        V1Pod pod = core.readNamespacedPod(name, "traefik").execute();
        if (labels != null) {
            pod.getMetadata().setLabels(labels);
        }
        pod.getStatus().podIP(ip).conditions(List.of(new V1PodCondition().type("Ready").status(ready ? "True" : "False")));
        core.replaceNamespacedPod(name, "traefik", pod).execute();
    }

    private static <T> T eventually(Callable<T> read, T expected) throws Exception {
        return eventuallyWhen(read, expected::equals);
    }

    private static <T> T eventuallyWhen(Callable<T> read, java.util.function.Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = read.call();
                if (done.test(last)) {
                    return last;
                }
            } catch (ClusterException e) {
                // not yet
            }
            Thread.sleep(20);
        }
        return last;
    }

    private static ClusterException eventuallyThrows(Callable<?> read) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                read.call();
            } catch (ClusterException e) {
                return e;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("still answering after " + WAIT);
    }
}
