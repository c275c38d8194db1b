package io.routescale.exporter;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.routescale.http.StreamingMetricsServer;
import io.routescale.exporter.testing.FakeTraefikServer;
import io.routescale.exporter.testing.HttpSurface;
import io.routescale.exporter.testing.RealPrometheus;
import io.routescale.exporter.testing.SyntheticTraefik;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The exporter's HTTP surface (issue 6): read-only, and no endpoint reflects its input. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpSurfaceTest implements TestPropertyProvider {
    private FakeTraefikServer traefik;

    @Inject
    EmbeddedServer server;

    @Inject
    StreamingMetricsServer metricsServer;

    @Override
    public Map<String, String> getProperties() {
        traefik = new FakeTraefikServer();
        SyntheticTraefik synthetic = SyntheticTraefik.ofSize(2, SyntheticTraefik.Generation.V3, true);
        traefik.serve(() -> synthetic.render(System.nanoTime() / 1e9).getBytes(StandardCharsets.UTF_8));
        return Map.of("routescale.exporter.traefik-url", traefik.url().toString(),
                "routescale.exporter.metrics-host", "127.0.0.1",
                "routescale.exporter.metrics-port", Integer.toString(RealPrometheus.freePort()),
                "micronaut.server.port", "-1");
    }

    @AfterAll
    void stop() {
        traefik.close();
    }

    @Test
    void everyEndpointIsReadOnlyAndReflectsNothing() throws Exception {
        String http = "http://127.0.0.1:" + server.getPort();
        List<URI> endpoints = List.of(URI.create(http + "/signals"), URI.create(http + "/health"),
                URI.create(http + "/health/liveness"), URI.create(http + "/health/readiness"),
                URI.create("http://127.0.0.1:" + metricsServer.getPort() + "/metrics"));
        assertEquals(List.of(), HttpSurface.problems(endpoints));
    }

    @Test
    void healthShowsItsStatusAndNoDetails() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.getPort() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        // serde.inclusion ALWAYS writes the absent fields as null.
        assertEquals("{\"name\":null,\"status\":\"UP\",\"details\":null}", health.body(), "no disk sizes or other details for anyone");
    }
}
