package io.routescale.http;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ExecutionException;
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
                    .executorService(workers()).authenticator(new ReadsOnly(DEBUG_VIEWS)).buildAndStart();
        } catch (IOException e) {
            throw cannotListen(host, port, portProperty, e);
        }
    }

    /**
     * The same endpoint, but {@code families} are written straight into each answer after the registry's (see
     * {@link StreamingMetricsHandler}): for a daemon whose families are too large to build and buffer whole.
     * It serves {@code /metrics} only, in text format 0.0.4, with no debug views.
     */
    public static StreamingMetricsServer startStreaming(String host, int port, PrometheusRegistry registry,
                                                        String portProperty, StreamedFamilies families) {
        JvmMetrics.builder().register(registry);
        ExecutorService workers = workers();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 3);
        } catch (IOException e) {
            workers.shutdown();
            throw cannotListen(host, port, portProperty, e);
        }
        server.setExecutor(workers);
        HttpContext context = server.createContext(StreamingMetricsHandler.PATH, new StreamingMetricsHandler(new MetricsAnswer(registry, families)));
        context.setAuthenticator(new ReadsOnly(Set.of()));
        try {
            // Started from a worker, as client_java starts its server: the dispatcher thread inherits its daemon flag.
            workers.submit(server::start).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the metrics endpoint", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot start the metrics endpoint: " + e.getCause(), e.getCause());
        }
        return new StreamingMetricsServer(server, workers);
    }

    private static UncheckedIOException cannotListen(String host, int port, String portProperty, IOException e) {
        return new UncheckedIOException("cannot listen on " + host + ":" + port + " (" + portProperty + ")", e);
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
        private final Set<String> debugViews;

        ReadsOnly(Set<String> debugViews) {
            this.debugViews = debugViews;
        }

        @Override
        public Result authenticate(HttpExchange exchange) {
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                return new Failure(405);
            }
            return knownDebugView(exchange.getRequestURI().getRawQuery(), debugViews) ? new Success(ANYONE) : new Failure(400);
        }

        static boolean knownDebugView(String rawQuery, Set<String> debugViews) {
            if (rawQuery == null) {
                return true;
            }
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                if ("debug".equals(name) && !debugViews.contains(eq < 0 ? "" : pair.substring(eq + 1))) {
                    return false;
                }
            }
            return true;
        }
    }
}
