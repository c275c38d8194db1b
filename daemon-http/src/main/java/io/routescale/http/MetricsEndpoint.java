package io.routescale.http;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;

/** A daemon's Prometheus endpoint: client_java's HTTPServer with the JVM's metrics, answering reads only. */
public final class MetricsEndpoint {
    private MetricsEndpoint() {
    }

    /**
     * Starts it; {@code portProperty} names the setting in the error when the port is taken.
     */
    public static HTTPServer start(String host, int port, PrometheusRegistry registry, String portProperty) {
        JvmMetrics.builder().register(registry);
        try {
            return HTTPServer.builder().hostname(host).port(port).registry(registry)
                    .authenticator(new ReadsOnly()).buildAndStart();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + " (" + portProperty + ")", e);
        }
    }

    /** client_java's server answers any method with the metrics; anything but GET and HEAD gets a 405 here. */
    static final class ReadsOnly extends Authenticator {
        private static final HttpPrincipal ANYONE = new HttpPrincipal("anonymous", "metrics");

        @Override
        public Result authenticate(HttpExchange exchange) {
            String method = exchange.getRequestMethod();
            return "GET".equals(method) || "HEAD".equals(method) ? new Success(ANYONE) : new Failure(405);
        }
    }
}
