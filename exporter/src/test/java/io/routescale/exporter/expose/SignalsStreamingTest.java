package io.routescale.exporter.expose;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.routescale.exporter.testing.FakeTraefikServer;
import io.routescale.exporter.testing.RealPrometheus;
import io.routescale.exporter.testing.SyntheticTraefik;
import io.routescale.signals.SignalsView;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /signals} at a size that spans many chunks: the same bytes as one serialisation, sent in pieces. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignalsStreamingTest implements TestPropertyProvider {
    private static final int SERVICES = 700;
    private final SyntheticTraefik traefik = SyntheticTraefik.ofSize(SERVICES, SyntheticTraefik.Generation.V3, true);
    private final long startMillis = System.currentTimeMillis();
    private FakeTraefikServer server;

    @Inject
    SignalsController controller;

    @Inject
    JsonMapper json;

    @Inject
    EmbeddedServer embedded;

    @Override
    public Map<String, String> getProperties() {
        server = new FakeTraefikServer();
        server.serve(() -> traefik.render((System.currentTimeMillis() - startMillis) / 1000.0).getBytes(StandardCharsets.UTF_8));
        return Map.of(
                "routescale.exporter.traefik-url", server.url().toString(),
                "routescale.exporter.scrape-interval", "1s",
                "routescale.exporter.metrics-host", "127.0.0.1",
                "routescale.exporter.metrics-port", Integer.toString(RealPrometheus.freePort()),
                "micronaut.server.port", "-1");
    }

    @BeforeAll
    void awaitSignals() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (controller.view().backends().size() < SERVICES) {
            assertTrue(System.nanoTime() < deadline, "no signals within 30 s");
            Thread.sleep(200);
        }
    }

    @AfterAll
    void stopTraefik() {
        server.close();
    }

    @Test
    void chunksJoinToExactlyTheViewSerialisedAtOnce() throws Exception {
        SignalsView view = controller.view();
        List<byte[]> chunks = new SignalsDocument(json).chunks(view).collectList().block();
        int largestTarget = 0;
        for (var target : view.backends()) {
            largestTarget = Math.max(largestTarget, json.writeValueAsBytes(target).length);
        }
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            assertTrue(chunk.length <= SignalsDocument.CHUNK_BYTES + largestTarget + 16,
                    "a chunk of " + chunk.length + " bytes");
            joined.writeBytes(chunk);
        }
        byte[] whole = json.writeValueAsBytes(view);
        assertArrayEquals(whole, joined.toByteArray());
        assertTrue(whole.length > 20 * SignalsDocument.CHUNK_BYTES, "the body is only " + whole.length + " bytes");
        assertEquals((whole.length + SignalsDocument.CHUNK_BYTES - 1) / SignalsDocument.CHUNK_BYTES, chunks.size(), 1,
                "chunks of about CHUNK_BYTES each");
    }

    @Test
    void anEmptyViewIsTheSameDocumentToo() throws Exception {
        SignalsView empty = new SignalsView(controller.view().traefik(), List.of(), List.of());
        List<byte[]> chunks = new SignalsDocument(json).chunks(empty).collectList().block();
        assertEquals(1, chunks.size());
        assertArrayEquals(json.writeValueAsBytes(empty), chunks.get(0));
    }

    @Test
    void theHttpAnswerIsChunkedJsonWithEveryTarget() throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + embedded.getPort() + "/signals")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        assertEquals("chunked", response.headers().firstValue("transfer-encoding").orElseThrow());
        assertTrue(response.headers().firstValue("content-length").isEmpty());
        SignalsView read = json.readValue(response.body(), SignalsView.class);
        assertEquals(SERVICES, read.backends().size());
        assertEquals(SERVICES, read.routes().size());
        assertEquals(false, read.traefik().stale());
    }
}
