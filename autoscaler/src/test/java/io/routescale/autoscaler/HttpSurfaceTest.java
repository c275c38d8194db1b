package io.routescale.autoscaler;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.routescale.autoscaler.testing.TestApiServer;
import io.routescale.exporter.testing.HttpSurface;
import io.routescale.exporter.testing.RealPrometheus;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The autoscaler's HTTP surface (issue 6): read-only, no endpoint reflects its input, /health
 * shows its status only (issue 13 item 10). */
class HttpSurfaceTest {
    @Test
    void everyEndpointIsReadOnlyAndReflectsNothing() throws Exception {
        try (TestApiServer api = new TestApiServer();
             EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                     "routescale.exporter.enabled", "false",
                     "kubernetes.client.base-path", api.baseUrl(),
                     "kubernetes.client.verify-ssl", "false",
                     "routescale.autoscaler.leader-election", "false",
                     "routescale.autoscaler.metrics-host", "127.0.0.1",
                     "routescale.autoscaler.metrics-port", RealPrometheus.freePort(),
                     "micronaut.server.port", "-1"))) {
            int metricsPort = server.getApplicationContext().getBean(HTTPServer.class).getPort();
            List<URI> endpoints = List.of(URI.create("http://127.0.0.1:" + server.getPort() + "/health"),
                    URI.create("http://127.0.0.1:" + metricsPort + "/metrics"));
            assertEquals(List.of(), HttpSurface.problems(endpoints));
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoints.get(0)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("{\"status\":\"UP\"}", health.body(), "no disk sizes or other details for anyone");
        }
    }
}
