package io.routescale.http;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exporter's endpoint: the registry's families, then streamed ones, sent while they are written. */
class StreamingMetricsEndpointTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** {@code count} samples of one family, distinct labels, about 60 bytes each. */
    private static StreamedFamilies samples(int count) {
        return out -> {
            out.family("test_streamed", "gauge", "Streamed.");
            for (int i = 0; i < count; i++) {
                out.sample("test_streamed");
                out.label("target", "namespace-" + i + "/service-" + i);
                out.value(i);
            }
        };
    }

    private static PrometheusRegistry registryWithACounter() {
        PrometheusRegistry registry = new PrometheusRegistry();
        Counter.builder().name("test_scrapes_total").help("Scrapes.").register(registry).inc(3);
        return registry;
    }

    @Test
    void theAnswerIsTheRegistryThenTheStreamedFamiliesInTextFormat() throws Exception {
        PrometheusRegistry registry = registryWithACounter();
        StreamedFamilies families = samples(50_000);
        try (StreamingMetricsServer server = MetricsEndpoint.startStreaming("127.0.0.1", 0, registry, "test.port", families)) {
            HttpResponse<String> plain = HTTP.send(request(server, "/metrics").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, plain.statusCode());
            assertEquals(List.of("text/plain; version=0.0.4; charset=utf-8"), plain.headers().allValues("Content-Type"));
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            new MetricsAnswer(registry, families).writeTo(expected);
            assertEquals(withoutJvm(expected.toString(StandardCharsets.UTF_8)), withoutJvm(plain.body()));
            assertTrue(plain.body().contains("test_scrapes_total 3.0\n"), "the registry's families");
            assertTrue(plain.body().contains("jvm_threads_current "), "the JVM's metrics");
            assertTrue(plain.body().endsWith("test_streamed{target=\"namespace-49999/service-49999\"} 49999.0\n"));

            HttpResponse<byte[]> gzipped = HTTP.send(request(server, "/metrics").header("Accept-Encoding", "gzip").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(List.of("gzip"), gzipped.headers().allValues("Content-Encoding"));
            String unzipped = new String(new GZIPInputStream(new ByteArrayInputStream(gzipped.body())).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertEquals(withoutJvm(plain.body()), withoutJvm(unzipped));

            HttpResponse<String> declined = HTTP.send(request(server, "/metrics").header("Accept-Encoding", "gzip;q=0, identity")
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(List.of(), declined.headers().allValues("Content-Encoding"));
        }
    }

    @Test
    void theAnswerIsSentWhileItIsWritten() throws Exception {
        CountDownLatch clientHasBytes = new CountDownLatch(1);
        StreamedFamilies families = out -> {
            samples(20_000).writeTo(out); // about 1 MB: several chunks already sent
            try {
                if (!clientHasBytes.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IOException("the client saw nothing of the answer while it was being written");
                }
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            out.family("test_last", "gauge", "Written after the client read the first bytes.");
            out.sample("test_last");
            out.value(1);
        };
        try (StreamingMetricsServer server = MetricsEndpoint.startStreaming("127.0.0.1", 0, new PrometheusRegistry(),
                "test.port", families)) {
            HttpResponse<InputStream> answer = HTTP.send(request(server, "/metrics").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = answer.body()) {
                byte[] first = body.readNBytes(1 << 16);
                assertEquals(1 << 16, first.length);
                clientHasBytes.countDown();
                String rest = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(rest.endsWith("test_last 1.0\n"), rest.substring(Math.max(0, rest.length() - 200)));
            }
        }
    }

    @Test
    void aFailurePartWayBreaksTheAnswerInsteadOfShorteningIt() throws Exception {
        StreamedFamilies failing = out -> {
            samples(5_000).writeTo(out);
            throw new IllegalStateException("a bug while writing");
        };
        try (StreamingMetricsServer server = MetricsEndpoint.startStreaming("127.0.0.1", 0, new PrometheusRegistry(),
                "test.port", failing)) {
            IOException broken = assertThrows(IOException.class,
                    () -> HTTP.send(request(server, "/metrics").build(), HttpResponse.BodyHandlers.ofString()));
            assertFalse(String.valueOf(broken.getMessage()).contains("a bug"), "nothing of it reaches the client");
        }
    }

    @Test
    void onlyReadsOfMetricsAreAnswered() throws Exception {
        try (StreamingMetricsServer server = MetricsEndpoint.startStreaming("127.0.0.1", 0, new PrometheusRegistry(),
                "test.port", samples(3))) {
            HttpResponse<String> head = HTTP.send(request(server, "/metrics").method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, head.statusCode());
            assertEquals("", head.body());
            assertEquals(405, HTTP.send(request(server, "/metrics").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
            HttpResponse<String> debug = HTTP.send(request(server, "/metrics?debug=%3Cb%3E").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, debug.statusCode());
            assertFalse(debug.body().contains("<b>"), debug.body());
            assertEquals(400, HTTP.send(request(server, "/metrics?debug=openmetrics").build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode(), "no debug views: the answer is always text");
            assertEquals(404, HTTP.send(request(server, "/metrics/x").build(), HttpResponse.BodyHandlers.discarding()).statusCode());
            assertEquals(404, HTTP.send(request(server, "/").build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        }
    }

    @Test
    void gzipIsUsedOnlyWhenAccepted() {
        assertTrue(StreamingMetricsHandler.acceptsGzip(List.of("gzip")));
        assertTrue(StreamingMetricsHandler.acceptsGzip(List.of("identity, GZIP;q=0.5")));
        assertTrue(StreamingMetricsHandler.acceptsGzip(List.of("br", "gzip")));
        assertFalse(StreamingMetricsHandler.acceptsGzip(null));
        assertFalse(StreamingMetricsHandler.acceptsGzip(List.of("identity")));
        assertFalse(StreamingMetricsHandler.acceptsGzip(List.of("gzip;q=0")));
        assertFalse(StreamingMetricsHandler.acceptsGzip(List.of("gzip; q=0.0")));
        assertFalse(StreamingMetricsHandler.acceptsGzip(List.of("gzip;q=x")));
        assertFalse(StreamingMetricsHandler.acceptsGzip(List.of("x-gzip")));
    }

    private static HttpRequest.Builder request(StreamingMetricsServer server, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path)).timeout(PATIENCE);
    }

    /** The JVM's own figures move between two answers. */
    private static String withoutJvm(String body) {
        StringBuilder kept = new StringBuilder();
        for (String line : body.split("\n")) {
            if (!line.contains("jvm_") && !line.contains("process_")) {
                kept.append(line).append('\n');
            }
        }
        return kept.toString();
    }
}
