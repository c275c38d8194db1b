package io.routescale.http;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A daemon's Prometheus endpoint: client_java's HTTPServer with the JVM's metrics, answering reads only.
 *
 * <p>The JDK server under it reads each request on a worker thread, blocking, with no deadline: with client_java's
 * default 10 workers (and a 100-slot queue that resets the rest) ten clients that each send one byte starve
 * Prometheus for a minute (client_java's 60 s request deadline). So: {@link #WORKERS} workers with a queue that never refuses, and the JDK server's own
 * deadlines on reading a request and writing an answer, which close a slow client's connection and free its worker.
 */
public final class MetricsEndpoint {
    static final int WORKERS = 16;
    static final String MAX_REQUEST_SECONDS = "sun.net.httpserver.maxReqTime";
    static final String MAX_RESPONSE_SECONDS = "sun.net.httpserver.maxRspTime";
    /** The debug views client_java serves; anything else gets a 400 that does not repeat it. */
    static final Set<String> DEBUG_VIEWS = Set.of("openmetrics", "text", "prometheus-protobuf");

    static {
        // The JDK server reads these once, when its first server is made; client_java's HTTPServer sets 60 s for
        // both when unset, in its own static initializer, which runs after this one.
        setIfAbsent(MAX_REQUEST_SECONDS, "5");
        setIfAbsent(MAX_RESPONSE_SECONDS, "30");
    }

    private MetricsEndpoint() {
    }

    /**
     * Starts it; {@code portProperty} names the setting in the error when the port is taken.
     */
    public static HTTPServer start(String host, int port, PrometheusRegistry registry, String portProperty) {
        JvmMetrics.builder().register(registry);
        try {
            return HTTPServer.builder().hostname(host).port(port).registry(registry)
                    .executorService(workers()).authenticator(new ReadsOnly()).buildAndStart();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + " (" + portProperty + ")", e);
        }
    }

    private static ExecutorService workers() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "metrics-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /**
     * client_java's server answers any method with the metrics, and an unknown {@code debug} value with a 500 that
     * echoes it: anything but GET and HEAD gets a 405 here, an unknown debug view a 400.
     */
    static final class ReadsOnly extends Authenticator {
        private static final HttpPrincipal ANYONE = new HttpPrincipal("anonymous", "metrics");

        @Override
        public Result authenticate(HttpExchange exchange) {
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                return new Failure(405);
            }
            return knownDebugView(exchange.getRequestURI().getRawQuery()) ? new Success(ANYONE) : new Failure(400);
        }

        static boolean knownDebugView(String rawQuery) {
            if (rawQuery == null) {
                return true;
            }
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                if ("debug".equals(name) && !DEBUG_VIEWS.contains(eq < 0 ? "" : pair.substring(eq + 1))) {
                    return false;
                }
            }
            return true;
        }
    }
}
