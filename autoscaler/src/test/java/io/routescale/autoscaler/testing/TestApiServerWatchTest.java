package io.routescale.autoscaler.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Pod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API server for tests lists and watches as the Kubernetes API concepts page says a real one does; read
 * here over plain HTTP, so the informer tests that rely on it mean something.
 */
class TestApiServerWatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final HttpClient http = HttpClient.newHttpClient();
    private TestApiServer api;

    @BeforeEach
    void start() {
        api = new TestApiServer();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aWatchFromTheListsResourceVersionSeesEachLaterChangeOnceAndNothingBefore() throws Exception {
        api.createDeployment("shop", "web", 3, 3);
        api.createDeployment("shop", "api", 2, 2);
        JsonNode list = get("/apis/apps/v1/namespaces/shop/deployments");
        long listed = list.path("metadata").path("resourceVersion").asLong();
        assertEquals(2, list.path("items").size());
        assertEquals("DeploymentList", list.path("kind").asText());
        assertEquals(maxItemVersion(list), listed, "a list's resourceVersion is that of the latest change it includes");

        try (Stream watch = watch("/apis/apps/v1/namespaces/shop/deployments?watch=true&resourceVersion=" + listed)) {
            api.setReady("shop", "web", 2);
            JsonNode e = watch.next();
            assertEquals("MODIFIED", e.path("type").asText());
            assertEquals("web", e.path("object").path("metadata").path("name").asText());
            assertEquals(2, e.path("object").path("status").path("readyReplicas").asInt());
            assertTrue(e.path("object").path("metadata").path("resourceVersion").asLong() > listed);
            assertNull(watch.poll(Duration.ofMillis(300)), "nothing from before the list is replayed, nothing twice");
        }
    }

    @Test
    void aWatchFromAnOlderResourceVersionReplaysWhatChangedSince() throws Exception {
        api.createDeployment("shop", "web", 3, 3);
        long before = get("/apis/apps/v1/deployments").path("metadata").path("resourceVersion").asLong();
        api.setReady("shop", "web", 1);
        api.createDeployment("shop", "api", 2, 2);
        try (Stream watch = watch("/apis/apps/v1/deployments?watch=true&resourceVersion=" + before)) {
            JsonNode first = watch.next();
            JsonNode second = watch.next();
            assertEquals(List.of("MODIFIED web", "ADDED api"), List.of(
                    first.path("type").asText() + " " + first.path("object").path("metadata").path("name").asText(),
                    second.path("type").asText() + " " + second.path("object").path("metadata").path("name").asText()));
        }
    }

    @Test
    void aWatchFromZeroStartsWithAnAddedForEveryObject() throws Exception {
        api.createDeployment("shop", "web", 3, 3);
        api.createDeployment("blog", "web", 1, 1);
        try (Stream watch = watch("/apis/apps/v1/deployments?watch=true&resourceVersion=0")) {
            assertEquals("ADDED blog/web", describe(watch.next()));
            assertEquals("ADDED shop/web", describe(watch.next()));
            assertNull(watch.poll(Duration.ofMillis(300)));
        }
    }

    @Test
    void anObjectLeavingTheSelectorIsDeletedForTheWatchAndOneJoiningItIsAdded() throws Exception {
        api.createPod("edge", "traefik-0", Map.of("app", "traefik"), "Running", null);
        long rv = get("/api/v1/namespaces/edge/pods").path("metadata").path("resourceVersion").asLong();
        CoreV1Api core = new CoreV1Api(api.client);
        try (Stream watch = watch("/api/v1/namespaces/edge/pods?watch=true&labelSelector=app%3Dtraefik&resourceVersion=" + rv)) {
            V1Pod pod = core.readNamespacedPod("traefik-0", "edge").execute();
            pod.getMetadata().setLabels(Map.of("app", "other"));
            core.replaceNamespacedPod("traefik-0", "edge", pod).execute();
            JsonNode left = watch.next();
            assertEquals("DELETED edge/traefik-0", describe(left));
            assertEquals("traefik", left.path("object").path("metadata").path("labels").path("app").asText(),
                    "the object as it last matched");
            assertTrue(left.path("object").path("metadata").path("resourceVersion").asLong() > rv, "at the change's resourceVersion");

            pod = core.readNamespacedPod("traefik-0", "edge").execute();
            pod.getMetadata().setLabels(Map.of("app", "traefik"));
            core.replaceNamespacedPod("traefik-0", "edge", pod).execute();
            assertEquals("ADDED edge/traefik-0", describe(watch.next()));
            api.createPod("edge", "unrelated", Map.of("app", "other"), "Running", null);
            assertNull(watch.poll(Duration.ofMillis(300)), "an object that never matches is never sent");
        }
    }

    @Test
    void aDeleteHasAResourceVersionOfItsOwn() throws Exception {
        api.createDeployment("shop", "web", 3, 3);
        long created = get("/apis/apps/v1/namespaces/shop/deployments/web").path("metadata").path("resourceVersion").asLong();
        try (Stream watch = watch("/apis/apps/v1/namespaces/shop/deployments?watch=true&resourceVersion=" + created)) {
            new AppsV1Api(api.client).deleteNamespacedDeployment("web", "shop").execute();
            JsonNode e = watch.next();
            assertEquals("DELETED shop/web", describe(e));
            long deleted = e.path("object").path("metadata").path("resourceVersion").asLong();
            assertTrue(deleted > created, "deleted at " + deleted + ", created at " + created);
            assertEquals(deleted, get("/apis/apps/v1/deployments").path("metadata").path("resourceVersion").asLong(),
                    "the next list starts after the delete");
        }
    }

    @Test
    void aResourceVersionOlderThanWhatIsRetainedGetsA410ErrorEventAndTheStreamEnds() throws Exception {
        api.createDeployment("shop", "web", 3, 3);
        long old = get("/apis/apps/v1/deployments").path("metadata").path("resourceVersion").asLong();
        api.setReady("shop", "web", 2);
        api.dispatcher.watches.compact();
        try (Stream watch = watch("/apis/apps/v1/deployments?watch=true&resourceVersion=" + old)) {
            JsonNode e = watch.next();
            assertEquals("ERROR", e.path("type").asText());
            assertEquals(410, e.path("object").path("code").asInt());
            assertEquals("Expired", e.path("object").path("reason").asText());
            assertTrue(watch.ends(), "the stream ends after the error");
        }
        long now = get("/apis/apps/v1/deployments").path("metadata").path("resourceVersion").asLong();
        try (Stream watch = watch("/apis/apps/v1/deployments?watch=true&resourceVersion=" + now)) {
            assertNull(watch.poll(Duration.ofMillis(300)), "from the latest resourceVersion a watch is fine after compaction");
        }
    }

    @Test
    void bookmarksCarryTheLatestResourceVersionAndComeOnlyWhenAskedFor() throws Exception {
        api.createDeployment("shop", "web", 3, 3);
        api.createPod("edge", "traefik-0", Map.of("app", "traefik"), "Running", null);
        long latest = get("/api/v1/pods").path("metadata").path("resourceVersion").asLong();
        api.dispatcher.watches.bookmarkEvery = Duration.ofMillis(100);
        try (Stream asked = watch("/apis/apps/v1/deployments?watch=true&allowWatchBookmarks=true&resourceVersion=" + latest);
             Stream plain = watch("/apis/apps/v1/deployments?watch=true&resourceVersion=" + latest)) {
            JsonNode b = asked.next();
            assertEquals("BOOKMARK", b.path("type").asText());
            assertEquals(latest, b.path("object").path("metadata").path("resourceVersion").asLong(),
                    "a bookmark moves a watch of deployments past a change to pods");
            assertEquals("Deployment", b.path("object").path("kind").asText());
            assertNull(plain.poll(Duration.ofMillis(400)), "no bookmark without allowWatchBookmarks");
        }
    }

    @Test
    void timeoutSecondsEndsTheStreamAndEndWatchesEndsEveryOpenOne() throws Exception {
        try (Stream timed = watch("/apis/apps/v1/deployments?watch=true&timeoutSeconds=1");
             Stream open = watch("/apis/apps/v1/deployments?watch=true")) {
            assertTrue(timed.ends(), "timeoutSeconds=1");
            awaitOpenWatches(1);
            api.dispatcher.watches.endWatches();
            assertTrue(open.ends());
            awaitOpenWatches(0);
        }
    }

    @Test
    void fieldSelectorsOnNameAndNamespaceSelectAndOthersAreRefused() throws Exception {
        api.createDeployment("shop", "web", 3, 3);
        api.createDeployment("shop", "api", 3, 3);
        JsonNode one = get("/apis/apps/v1/deployments?fieldSelector=metadata.name%3Dweb");
        assertEquals(1, one.path("items").size());
        assertEquals("web", one.path("items").get(0).path("metadata").path("name").asText());
        assertEquals(1, get("/apis/apps/v1/deployments?fieldSelector=metadata.name!%3Dweb").path("items").size());
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(api.baseUrl()
                + "/apis/apps/v1/deployments?fieldSelector=spec.paused%3Dtrue")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("field label not supported: spec.paused"), refused.body());
    }

    @Test
    void setBasedLabelSelectorsSelectAsTheApiDefinesThem() throws Exception {
        api.createPod("edge", "a", Map.of("app", "traefik", "tier", "edge"), "Running", null);
        api.createPod("edge", "b", Map.of("app", "traefik"), "Running", null);
        api.createPod("edge", "c", Map.of("app", "whoami", "tier", "backend"), "Running", null);
        assertEquals(List.of("a", "b"), names("/api/v1/namespaces/edge/pods?labelSelector=app+in+(traefik,%20nginx)"));
        assertEquals(List.of("b", "c"), names("/api/v1/namespaces/edge/pods?labelSelector=tier+notin+(edge)"));
        assertEquals(List.of("b"), names("/api/v1/namespaces/edge/pods?labelSelector=app%3Dtraefik,!tier"));
        assertEquals(List.of("a", "c"), names("/api/v1/namespaces/edge/pods?labelSelector=tier"));
        assertEquals(List.of("c"), names("/api/v1/namespaces/edge/pods?labelSelector=app!%3Dtraefik"));
    }

    @Test
    void aWriteReachesTheWatchAndTheObjectReadAlike() throws Exception {
        api.createDeployment("shop", "web", 3, 3);
        long rv = get("/apis/apps/v1/deployments").path("metadata").path("resourceVersion").asLong();
        try (Stream watch = watch("/apis/apps/v1/deployments?watch=true&resourceVersion=" + rv)) {
            HttpResponse<String> patched = http.send(HttpRequest.newBuilder(URI.create(api.baseUrl()
                            + "/apis/apps/v1/namespaces/shop/deployments/web/scale"))
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"spec\":{\"replicas\":7}}"))
                    .header("Content-Type", "application/merge-patch+json").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, patched.statusCode(), patched.body());
            JsonNode e = watch.next();
            assertEquals(7, e.path("object").path("spec").path("replicas").asInt(), "a /scale patch is a change of the Deployment");
            V1Deployment read = new AppsV1Api(api.client).readNamespacedDeployment("web", "shop").execute();
            assertEquals(e.path("object").path("metadata").path("resourceVersion").asText(), read.getMetadata().getResourceVersion());
        }
    }

    private void awaitOpenWatches(int n) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (api.dispatcher.watches.openWatches() != n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(n, api.dispatcher.watches.openWatches());
    }

    private List<String> names(String path) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        get(path).path("items").forEach(i -> out.add(i.path("metadata").path("name").asText()));
        return out;
    }

    private static long maxItemVersion(JsonNode list) {
        long max = 0;
        for (JsonNode i : list.path("items")) {
            max = Math.max(max, i.path("metadata").path("resourceVersion").asLong());
        }
        return max;
    }

    private static String describe(JsonNode e) {
        JsonNode meta = e.path("object").path("metadata");
        return e.path("type").asText() + " " + meta.path("namespace").asText() + "/" + meta.path("name").asText();
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private Stream watch(String path) throws Exception {
        HttpResponse<java.util.stream.Stream<String>> r = http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, r.statusCode());
        return new Stream(r.body());
    }

    /** A watch's events as they arrive, read on a thread of its own. */
    private static final class Stream implements AutoCloseable {
        private static final JsonNode END = JSON.createObjectNode();
        private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        private final java.util.stream.Stream<String> lines;

        Stream(java.util.stream.Stream<String> lines) {
            this.lines = lines;
            Thread t = new Thread(() -> {
                try {
                    lines.forEach(l -> {
                        try {
                            events.add(JSON.readTree(l));
                        } catch (java.io.IOException e) {
                            throw new IllegalStateException("not JSON: " + l, e);
                        }
                    });
                } catch (RuntimeException closed) {
                    // closed by the test
                }
                events.add(END);
            });
            t.setDaemon(true);
            t.start();
        }

        JsonNode next() throws InterruptedException {
            JsonNode e = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(e, "no event within " + WAIT);
            assertTrue(e != END, "the stream ended");
            return e;
        }

        /** The next event within {@code d}, or null; fails if the stream ended. */
        JsonNode poll(Duration d) throws InterruptedException {
            JsonNode e = events.poll(d.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(e != END, "the stream ended");
            return e;
        }

        boolean ends() throws InterruptedException {
            JsonNode e = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return e == END;
        }

        @Override
        public void close() {
            lines.close();
        }
    }
}
