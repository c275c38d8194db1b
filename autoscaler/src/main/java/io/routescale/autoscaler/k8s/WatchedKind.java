package io.routescale.autoscaler.k8s;

import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.ListerWatcher;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.informer.TransformFunc;
import io.kubernetes.client.informer.cache.Caches;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.util.CallGeneratorParams;
import io.kubernetes.client.util.Watch;
import io.kubernetes.client.util.Watchable;
import io.routescale.autoscaler.cluster.ClusterException;
import okhttp3.Call;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One kind of object kept in memory by a client-java informer (list, then watch from the list's
 * resourceVersion, re-list on {@code 410 Gone} and on watch errors: client-java's {@code ReflectorRunnable}),
 * and whether what it holds can be trusted. Reads fail with a 503 {@link ClusterException} while the cache has
 * not synced, or once list and watch have kept failing for longer than {@code staleAfter}: the caller counts
 * that as missing data, never as "no such object".
 */
final class WatchedKind<T extends KubernetesObject, L extends KubernetesListObject> {
    /** Builds the list or watch call for a resourceVersion and a server-side timeout. */
    interface Calls {
        Call call(String resourceVersion, Integer timeoutSeconds, boolean watch) throws ApiException;
    }

    /**
     * The clients a cache uses. client-java's informer factory refuses a client with a read timeout, and a watch
     * is quiet for minutes; but a watch with none at all would hang on a connection that died without a word.
     *
     * @param calls    lists, with the autoscaler's API timeout
     * @param watches  watches: the same API server, read timeout {@code watchIdle}. The API server sends a bookmark
     *                 about once a minute to a watch that asked for them, so only a dead connection says nothing
     *                 that long; the read then fails and the informer lists again
     * @param factory  no read timeout: only what client-java's factory checks
     */
    record Clients(ApiClient calls, ApiClient watches, ApiClient factory) {
        static Clients of(ApiClient calls, Duration watchIdle) {
            return new Clients(calls, derived(calls, watchIdle), derived(calls, Duration.ZERO));
        }

        /** The same base path, JSON, interceptors and HTTP settings, with another read timeout. */
        private static ApiClient derived(ApiClient calls, Duration readTimeout) {
            ApiClient c = new ApiClient(calls.getHttpClient().newBuilder().readTimeout(readTimeout).build());
            c.setBasePath(calls.getBasePath());
            c.setJSON(calls.getJSON());
            return c;
        }
    }

    private final String what;
    private final SharedIndexInformer<T> informer;
    private final Duration staleAfter;
    private final Duration firstSync;
    private final LongSupplier nanos;
    private volatile long failingSince;
    private volatile String lastFailure = "";
    private volatile boolean started;

    /**
     * @param what       what the cache holds, for messages: {@code Deployments}
     * @param calls      builds each list or watch request (with the lists' client: its authentication)
     * @param transform  drops what no decision reads, so the cache holds little per object
     */
    WatchedKind(String what, Clients clients, Calls calls, Class<T> type, Class<L> listType,
                TransformFunc transform, Duration staleAfter, Duration firstSync, LongSupplier nanos) {
        this.what = what;
        this.staleAfter = staleAfter;
        this.firstSync = firstSync;
        this.nanos = nanos;
        Type events = TypeToken.getParameterized(Watch.Response.class, type).getType();
        ListerWatcher<T, L> lw = new ListerWatcher<>() {
            @Override
            public L list(CallGeneratorParams p) throws ApiException {
                try {
                    L list = clients.calls().<L>execute(calls.call(p.resourceVersion, p.timeoutSeconds, false), listType).getData();
                    healthy();
                    return list;
                } catch (ApiException | RuntimeException e) {
                    failed(e);
                    throw e;
                }
            }

            @Override
            public Watchable<T> watch(CallGeneratorParams p) throws ApiException {
                try {
                    Call call = clients.watches().getHttpClient().newCall(calls.call(p.resourceVersion, p.timeoutSeconds, true).request());
                    Watchable<T> w = Watch.createWatch(clients.watches(), call, events);
                    healthy();
                    return w;
                } catch (ApiException | RuntimeException e) {
                    failed(e);
                    throw e;
                }
            }
        };
        // The factory is only a constructor here: each kind keeps its own informer (the factory keeps one per class).
        informer = new SharedInformerFactory(clients.factory()).sharedIndexInformerFor(lw, type, 0L, (c, t) -> failed(t));
        informer.setTransform(transform);
    }

    /** Starts the informer once and waits up to {@code firstSync} for its first list. */
    synchronized void start() {
        if (!started) {
            started = true;
            informer.run();
        }
        long deadline = nanos.getAsLong() + firstSync.toNanos();
        while (!informer.hasSynced() && nanos.getAsLong() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The object, or null when the cache, synced and current, does not hold it. */
    T get(String namespace, String name) throws ClusterException {
        check();
        return informer.getIndexer().getByKey(namespace + "/" + name);
    }

    List<T> list(String namespace) throws ClusterException {
        check();
        return informer.getIndexer().byIndex(Caches.NAMESPACE_INDEX, namespace);
    }

    void stop() {
        informer.stop();
    }

    /** What the cache holds, as its messages and metric name it: {@code Deployments}. */
    String what() {
        return what;
    }

    /** Whether reads are answered now: synced, and list and watch not failing for longer than {@code staleAfter}. */
    boolean ready() {
        long since = failingSince;
        return informer.hasSynced() && (since == 0 || nanos.getAsLong() - since <= staleAfter.toNanos());
    }

    private void check() throws ClusterException {
        if (!started) {
            start();
        }
        if (!informer.hasSynced()) {
            throw new ClusterException(503, "the watched cache of " + what + " has not synced yet"
                    + (lastFailure.isEmpty() ? "" : ": " + lastFailure), null);
        }
        long since = failingSince;
        if (!ready()) {
            throw new ClusterException(503, String.format("the watched cache of %s is stale: list and watch failing for %d s: %s",
                    what, since == 0 ? 0 : Duration.ofNanos(nanos.getAsLong() - since).toSeconds(), lastFailure), null);
        }
    }

    private void healthy() {
        failingSince = 0;
    }

    private void failed(Throwable t) {
        if (failingSince == 0) {
            failingSince = nanos.getAsLong();
        }
        String message = t instanceof ApiException a && a.getCode() != 0 ? "HTTP " + a.getCode() : String.valueOf(t.getMessage());
        lastFailure = t.getClass().getSimpleName() + ": " + message;
    }
}
