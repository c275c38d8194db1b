package io.routescale.autoscaler.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * List and watch of collections, as a real API server serves them (Kubernetes API concepts, "Efficient detection
 * of changes", "Watch bookmarks", "Resource versions"), over the objects the CRUD engine stores: every change
 * the engine makes is {@link #record recorded} here in resourceVersion order, so a list and the watch that
 * follows it from the list's {@code metadata.resourceVersion} see every change exactly once.
 * <ul>
 *   <li>a watch from a resourceVersion replays the retained changes after it, then streams new ones; from
 *       {@code ""} or {@code "0"} it starts with an {@code ADDED} for every object there is;</li>
 *   <li>from a resourceVersion older than the retained changes it answers an {@code ERROR} event with a
 *       {@code 410 Expired} Status, as the watch cache does after compaction ({@link #compact});</li>
 *   <li>an object that stops matching the watch's label or field selector is sent as {@code DELETED} (the
 *       previous object at the new resourceVersion), one that starts matching as {@code ADDED};</li>
 *   <li>{@code allowWatchBookmarks=true} gets a {@code BOOKMARK} with the latest resourceVersion every
 *       {@link #bookmarkEvery}; {@code timeoutSeconds} ends the stream cleanly after that long;</li>
 *   <li>{@link #endWatches} ends every open stream, as an API server restart or a load balancer does;
 *       {@link #hold} keeps changes from open streams until {@link #release}, as a slow watch does.</li>
 * </ul>
 */
public final class WatchHub {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A collection: the API prefix ({@code /api/v1}, {@code /apis/apps/v1}) and the resource's plural. */
    record Resource(String prefix, String plural) {
    }

    /** One change: {@code before} is null for a create, {@code after} null for a delete. */
    private record Change(long rv, Resource resource, ObjectNode before, ObjectNode after) {
    }

    /** What a watch asked for. */
    record Query(Resource resource, String namespace, Predicate<JsonNode> labels, Predicate<JsonNode> fields) {
        boolean matches(JsonNode o) {
            return o != null && (namespace == null || namespace.equals(o.path("metadata").path("namespace").asText()))
                    && labels.test(o) && fields.test(o);
        }
    }

    private final Map<Resource, TreeMap<String, ObjectNode>> objects = new HashMap<>();
    private final Map<Resource, String[]> typeMeta = new HashMap<>();
    private final ArrayDeque<Change> retained = new ArrayDeque<>();
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private long latest;
    private List<Change> held;
    /** The newest resourceVersion no longer retained: a watch from before it gets 410. */
    private long compactedThrough;

    /** How many changes are kept for watches that resume; the real default is 5 minutes of etcd history. */
    public volatile int retain = 100_000;
    public volatile Duration bookmarkEvery = Duration.ofSeconds(60);
    /** The stream's length when the watch names no {@code timeoutSeconds}. */
    public volatile Duration defaultWatchTimeout = Duration.ofMinutes(30);
    /** Watch requests and list requests served. */
    public final AtomicInteger watchesServed = new AtomicInteger();
    public final AtomicInteger listsServed = new AtomicInteger();

    /** Called by the CRUD engine under its write lock, so in resourceVersion order. */
    synchronized void record(Resource resource, long rv, ObjectNode before, ObjectNode after) {
        ObjectNode any = after != null ? after : before;
        latest = Math.max(latest, rv);
        typeMeta.putIfAbsent(resource, new String[] {any.path("apiVersion").asText(), any.path("kind").asText()});
        String key = key(any);
        TreeMap<String, ObjectNode> of = objects.computeIfAbsent(resource, r -> new TreeMap<>());
        if (after == null) {
            of.remove(key);
        } else {
            of.put(key, after);
        }
        Change c = new Change(rv, resource, before, after);
        retained.addLast(c);
        while (retained.size() > retain) {
            compactedThrough = retained.removeFirst().rv();
        }
        if (held != null) {
            held.add(c);
            return;
        }
        for (Watcher w : watchers) {
            w.offer(c);
        }
    }

    /** Stops sending changes to open watches (a slow watch): they are stored and listed, and sent on {@link #release}. */
    public synchronized void hold() {
        if (held == null) {
            held = new ArrayList<>();
        }
    }

    public synchronized void release() {
        List<Change> pending = held == null ? List.of() : held;
        held = null;
        for (Change c : pending) {
            for (Watcher w : watchers) {
                w.offer(c);
            }
        }
    }

    /** Forgets every retained change, as etcd compaction does: any watch from an older resourceVersion gets 410. */
    public synchronized void compact() {
        compactedThrough = latest;
        retained.clear();
    }

    /** Ends every open watch stream cleanly; clients resume from their last resourceVersion. */
    public void endWatches() {
        for (Watcher w : watchers) {
            w.end();
        }
    }

    public int openWatches() {
        return watchers.size();
    }

    /** A {@code List} of the collection, its {@code metadata.resourceVersion} the latest change's. */
    synchronized byte[] list(Query q) throws IOException {
        listsServed.incrementAndGet();
        String[] meta = typeMeta.getOrDefault(q.resource(), new String[] {"v1", ""});
        ObjectNode list = JSON.createObjectNode();
        list.put("apiVersion", meta[0]);
        list.put("kind", meta[1].isEmpty() ? "List" : meta[1] + "List");
        list.putObject("metadata").put("resourceVersion", Long.toString(latest));
        ArrayNode items = list.putArray("items");
        for (ObjectNode o : objects.getOrDefault(q.resource(), new TreeMap<>()).values()) {
            if (q.matches(o)) {
                items.add(o);
            }
        }
        return JSON.writeValueAsBytes(list);
    }

    /** Streams the watch to {@code out} until it times out, is ended, or the client goes away. */
    void watch(Query q, String resourceVersion, boolean bookmarks, Duration timeout, OutputStream out) throws IOException {
        watchesServed.incrementAndGet();
        Watcher w = new Watcher(q);
        List<ObjectNode> first = new ArrayList<>();
        synchronized (this) {
            if (resourceVersion == null || resourceVersion.isEmpty() || resourceVersion.equals("0")) {
                for (ObjectNode o : objects.getOrDefault(q.resource(), new TreeMap<>()).values()) {
                    if (q.matches(o)) {
                        first.add(event("ADDED", o));
                    }
                }
            } else {
                long from = Long.parseLong(resourceVersion);
                if (from < compactedThrough) {
                    write(out, expired(from));
                    return;
                }
                for (Change c : retained) {
                    if (c.rv() > from && (held == null || !held.contains(c))) {
                        ObjectNode e = w.translate(c);
                        if (e != null) {
                            first.add(e);
                        }
                    }
                }
            }
            watchers.add(w);
        }
        try {
            for (ObjectNode e : first) {
                write(out, e);
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            long nextBookmark = System.nanoTime() + bookmarkEvery.toNanos();
            while (true) {
                long now = System.nanoTime();
                if (now >= deadline) {
                    return;
                }
                if (bookmarks && now >= nextBookmark) {
                    synchronized (this) {
                        w.queue.add(bookmark(q.resource()));
                    }
                    nextBookmark = now + bookmarkEvery.toNanos();
                }
                long wait = Math.min(deadline, bookmarks ? nextBookmark : deadline) - now;
                ObjectNode e = w.queue.poll(Math.max(1, wait), TimeUnit.NANOSECONDS);
                if (e == Watcher.END) {
                    return;
                }
                if (e != null) {
                    write(out, e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            watchers.remove(w);
        }
    }

    private static void write(OutputStream out, ObjectNode event) throws IOException {
        out.write(JSON.writeValueAsBytes(event));
        out.write('\n');
        out.flush();
    }

    private static ObjectNode event(String type, ObjectNode object) {
        ObjectNode e = JSON.createObjectNode();
        e.put("type", type);
        e.set("object", object);
        return e;
    }

    private ObjectNode bookmark(Resource r) {
        String[] meta = typeMeta.getOrDefault(r, new String[] {"v1", ""});
        ObjectNode o = JSON.createObjectNode();
        o.put("apiVersion", meta[0]);
        o.put("kind", meta[1]);
        o.putObject("metadata").put("resourceVersion", Long.toString(latest));
        return event("BOOKMARK", o);
    }

    private ObjectNode expired(long from) {
        ObjectNode status = JSON.createObjectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", "too old resource version: " + from + " (" + compactedThrough + ")");
        status.put("reason", "Expired");
        status.put("code", 410);
        return event("ERROR", status);
    }

    private static String key(JsonNode o) {
        return o.path("metadata").path("namespace").asText() + "/" + o.path("metadata").path("name").asText();
    }

    /** One open watch: the changes meant for it, in order. */
    private static final class Watcher {
        static final ObjectNode END = JSON.createObjectNode();
        final Query query;
        final BlockingQueue<ObjectNode> queue = new LinkedBlockingQueue<>();

        Watcher(Query query) {
            this.query = query;
        }

        void offer(Change c) {
            ObjectNode e = translate(c);
            if (e != null) {
                queue.add(e);
            }
        }

        void end() {
            queue.add(END);
        }

        /** The event this watch sees of a change, or null: the watch cache's rules for selectors. */
        ObjectNode translate(Change c) {
            if (!c.resource().equals(query.resource())) {
                return null;
            }
            boolean was = query.matches(c.before());
            boolean is = query.matches(c.after());
            if (c.after() == null) {
                return was ? event("DELETED", withResourceVersion(c.before(), c.rv())) : null;
            }
            if (was && is) {
                return event("MODIFIED", c.after());
            }
            if (is) {
                return event("ADDED", c.after());
            }
            return was ? event("DELETED", withResourceVersion(c.before(), c.rv())) : null;
        }

        private static ObjectNode withResourceVersion(ObjectNode o, long rv) {
            ObjectNode copy = o.deepCopy();
            ((ObjectNode) copy.path("metadata")).put("resourceVersion", Long.toString(rv));
            return copy;
        }
    }

}
