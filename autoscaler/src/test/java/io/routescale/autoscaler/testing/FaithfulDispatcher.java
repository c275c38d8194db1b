package io.routescale.autoscaler.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fabric8 CRUD mock, with its known gaps closed the way a real API server behaves:
 * <ol>
 *   <li>{@code /scale}: a real API server answers {@code GET .../deployments/{name}/scale} with an
 *       {@code autoscaling/v1 Scale} (spec.replicas, status.replicas, status.selector) and applies a merge patch
 *       of that Scale to the workload's {@code spec.replicas}, refusing a stale {@code metadata.resourceVersion}
 *       with 409 (Kubernetes API reference, Deployment v1, "read scale" / "patch scale"; API concepts, "resource
 *       versions"). The mock returns the whole Deployment instead.</li>
 *   <li>Create without {@code apiVersion}/{@code kind}: a real API server takes them from the URL; the mock
 *       answers 422 (client-java's {@code LeaseLock} sends a Lease without them). They are filled in from the
 *       path for {@code coordination.k8s.io/v1} Leases.</li>
 *   <li>Discovery: a real API server answers {@code GET /apis/{group}/{version}} with an {@code APIResourceList}
 *       naming each resource, its kind and its subresources ({@code deployments/scale}, of kind {@code Scale} in
 *       {@code autoscaling/v1}); the mock has none. {@link #discovery} holds the lists it answers; the apps/v1
 *       one is the real one's scalable part.</li>
 *   <li>Watch: the engine serves watches over WebSocket only, which client-java does not speak. Every change it
 *       stores is recorded in {@link #watches} (deletes at a resourceVersion of their own, as a real server
 *       gives them), which serves list and HTTP streaming watch the way a real API server does.</li>
 * </ol>
 * Everything else is left to the CRUD engine.
 */
public final class FaithfulDispatcher extends KubernetesCrudDispatcher {
    private static final Pattern SCALE = Pattern.compile("(/apis/[^/]+/[^/]+/namespaces/[^/]+/[^/]+/[^/?]+)/scale(\\?.*)?");
    private static final Pattern LEASES = Pattern.compile("/apis/coordination\\.k8s\\.io/v1/namespaces/[^/]+/leases(\\?.*)?");
    private static final Pattern DISCOVERY = Pattern.compile("/apis/([^/]+)/([^/?]+)/?(\\?.*)?");

    /** A resource of a discovery list: plural name, kind, and whether it has a {@code /scale} subresource. */
    public record Discovered(String plural, String kind, boolean scale) {
    }

    /** What {@code GET /apis/{group}/{version}} answers, by "group/version"; tests may add their own kinds. */
    public final Map<String, java.util.List<Discovered>> discovery = new java.util.concurrent.ConcurrentHashMap<>(Map.of(
            "apps/v1", java.util.List.of(new Discovered("deployments", "Deployment", true),
                    new Discovered("statefulsets", "StatefulSet", true), new Discovered("replicasets", "ReplicaSet", true),
                    new Discovered("daemonsets", "DaemonSet", false), new Discovered("controllerrevisions", "ControllerRevision", false))));
    /** Discovery requests answered. */
    public final java.util.concurrent.atomic.AtomicInteger discoveryReads = new java.util.concurrent.atomic.AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code /api/v1} or {@code /apis/{group}/{version}}, an optional namespace, the plural. */
    private static final Pattern COLLECTION = Pattern.compile("(/api/[^/]+|/apis/[^/]+/[^/]+)(?:/namespaces/[^/]+)?/([^/?]+).*");

    /** Lists and watches of what this engine stores. */
    public final WatchHub watches = new WatchHub();

    /** Requests answered with a 5xx before being served, to play a failing API server; counts down. */
    public volatile int failNextWrites;
    /** Writes are held this long before being served, to play a slow API server (the client may time out first). */
    public volatile long stallWritesMillis;
    /** PATCH requests to a /scale subresource that reached it, answered or refused. */
    public final java.util.concurrent.atomic.AtomicInteger scalePatches = new java.util.concurrent.atomic.AtomicInteger();
    /** {@link System#nanoTime()} of the latest /scale PATCH; 0 before one. */
    public volatile long lastScalePatchNanos;

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if (stallWritesMillis > 0 && !"GET".equals(request.getMethod())) {
            try {
                Thread.sleep(stallWritesMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failNextWrites > 0 && !"GET".equals(request.getMethod())) {
            failNextWrites--;
            return status(503, "ServiceUnavailable", "injected failure");
        }
        if ("POST".equals(request.getMethod()) && LEASES.matcher(request.getPath()).matches()) {
            return super.dispatch(withTypeMeta(request, "coordination.k8s.io/v1", "Lease"));
        }
        Matcher d = DISCOVERY.matcher(request.getPath());
        if ("GET".equals(request.getMethod()) && d.matches()) {
            return discover(d.group(1) + "/" + d.group(2));
        }
        Matcher m = SCALE.matcher(request.getPath());
        if (!m.matches()) {
            return super.dispatch(request);
        }
        String objectPath = m.group(1);
        try {
            MockResponse current = handleGet(objectPath);
            if (current.code() != 200) {
                return current;
            }
            JsonNode object = JSON.readTree(current.getBody().readUtf8());
            if ("GET".equals(request.getMethod())) {
                return scaleOf(object);
            }
            if ("PATCH".equals(request.getMethod())) {
                scalePatches.incrementAndGet();
                lastScalePatchNanos = System.nanoTime();
            }
            if (!"PATCH".equals(request.getMethod())) {
                return status(405, "MethodNotAllowed", request.getMethod() + " on /scale is not served by this test server");
            }
            JsonNode patch = JSON.readTree(request.getUtf8Body());
            JsonNode rv = patch.path("metadata").path("resourceVersion");
            if (!rv.isMissingNode() && !rv.asText().equals(object.path("metadata").path("resourceVersion").asText())) {
                return status(409, "Conflict", "the object has been modified; please apply your changes to the latest version and try again");
            }
            ObjectNode objectPatch = JSON.createObjectNode();
            objectPatch.putObject("spec").set("replicas", patch.path("spec").path("replicas"));
            Headers headers = Headers.builder().add("Content-Type", "application/merge-patch+json").build();
            MockResponse patched = handlePatch(new RecordedRequest("HTTP/1.1", HttpMethod.PATCH, objectPath, headers,
                    new Buffer(JSON.writeValueAsBytes(objectPatch))));
            // The engine answers a patch 202; a real API server answers 200 with the Scale.
            return patched.code() / 100 == 2 ? scaleOf(JSON.readTree(patched.getBody().readUtf8())) : patched;
        } catch (java.io.IOException e) {
            return status(400, "BadRequest", e.getMessage());
        }
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
                             GenericKubernetesResource resource, String newState) {
        String existing = oldAttributes == null ? null : map.get(oldAttributes);
        // A real API server gives a delete its own resourceVersion; the engine does not.
        long deletedAt = newState == null ? requestResourceVersion() : 0;
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
        Matcher c = COLLECTION.matcher(path);
        if (java.util.Objects.equals(existing, newState) || !c.matches()) {
            return;
        }
        try {
            ObjectNode before = existing == null ? null : (ObjectNode) JSON.readTree(existing);
            ObjectNode after = newState == null ? null : (ObjectNode) JSON.readTree(newState);
            long rv = after == null ? deletedAt : Long.parseLong(after.path("metadata").path("resourceVersion").asText());
            watches.record(new WatchHub.Resource(c.group(1), c.group(2)), rv, before, after);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the CRUD engine stored what is not JSON: " + e.getMessage(), e);
        }
    }

    /** An APIResourceList as a real API server writes it: each resource, then its scale subresource where it has one. */
    private MockResponse discover(String groupVersion) {
        java.util.List<Discovered> resources = discovery.get(groupVersion);
        if (resources == null) {
            return status(404, "NotFound", "the server could not find the requested resource");
        }
        discoveryReads.incrementAndGet();
        ObjectNode list = JSON.createObjectNode();
        list.put("kind", "APIResourceList");
        list.put("apiVersion", "v1");
        list.put("groupVersion", groupVersion);
        com.fasterxml.jackson.databind.node.ArrayNode items = list.putArray("resources");
        for (Discovered r : resources) {
            ObjectNode item = items.addObject();
            item.put("name", r.plural());
            item.put("singularName", r.kind().toLowerCase(java.util.Locale.ROOT));
            item.put("namespaced", true);
            item.put("kind", r.kind());
            item.putArray("verbs").add("get").add("list").add("watch").add("create").add("update").add("patch").add("delete");
            if (r.scale()) {
                ObjectNode scale = items.addObject();
                scale.put("name", r.plural() + "/scale");
                scale.put("singularName", "");
                scale.put("namespaced", true);
                scale.put("group", "autoscaling");
                scale.put("version", "v1");
                scale.put("kind", "Scale");
                scale.putArray("verbs").add("get").add("patch").add("update");
            }
        }
        try {
            return new MockResponse().setResponseCode(200).addHeader("Content-Type", "application/json")
                    .setBody(JSON.writeValueAsString(list));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RecordedRequest withTypeMeta(RecordedRequest request, String apiVersion, String kind) {
        try {
            ObjectNode body = (ObjectNode) JSON.readTree(request.getUtf8Body());
            if (!body.hasNonNull("apiVersion")) {
                body.put("apiVersion", apiVersion);
            }
            if (!body.hasNonNull("kind")) {
                body.put("kind", kind);
            }
            return new RecordedRequest("HTTP/1.1", HttpMethod.POST, request.getPath(), request.getHeaders(),
                    new Buffer(JSON.writeValueAsBytes(body)));
        } catch (java.io.IOException | ClassCastException e) {
            return request;
        }
    }

    private static MockResponse scaleOf(JsonNode object) throws java.io.IOException {
        ObjectNode scale = JSON.createObjectNode();
        scale.put("apiVersion", "autoscaling/v1");
        scale.put("kind", "Scale");
        ObjectNode meta = scale.putObject("metadata");
        meta.put("name", object.path("metadata").path("name").asText());
        meta.put("namespace", object.path("metadata").path("namespace").asText());
        meta.put("resourceVersion", object.path("metadata").path("resourceVersion").asText());
        scale.putObject("spec").put("replicas", object.path("spec").path("replicas").asInt(1));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", object.path("status").path("replicas").asInt(0));
        StringBuilder selector = new StringBuilder();
        object.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(e -> {
            if (selector.length() > 0) {
                selector.append(',');
            }
            selector.append(e.getKey()).append('=').append(e.getValue().asText());
        });
        status.put("selector", selector.toString());
        return new MockResponse().setResponseCode(200).addHeader("Content-Type", "application/json")
                .setBody(JSON.writeValueAsString(scale));
    }

    static MockResponse status(int code, String reason, String message) {
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("apiVersion", "v1", "kind", "Status", "status", "Failure",
                    "reason", reason, "message", message, "code", code));
        } catch (java.io.IOException e) {
            body = "{}";
        }
        return new MockResponse().setResponseCode(code).addHeader("Content-Type", "application/json")
                .setBody(body.getBytes(StandardCharsets.UTF_8));
    }
}
