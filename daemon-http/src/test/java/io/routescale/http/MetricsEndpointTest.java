package io.routescale.http;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 item 10: slow or idle clients cannot starve Prometheus, many scrapes at once are all answered, and an
 * unknown debug view is refused without being echoed. This module's tests make no other JDK HTTP server, so the
 * request deadlines MetricsEndpoint sets are the ones the JDK server of this JVM reads.
 */
class MetricsEndpointTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Test
    void clientsThatSendOneByteDoNotStarveTheScrape() throws Exception {
        try (HTTPServer server = MetricsEndpoint.start("127.0.0.1", 0, new PrometheusRegistry(), "test.metrics-port")) {
            assertEquals("5", System.getProperty(MetricsEndpoint.MAX_REQUEST_SECONDS));
            List<Socket> slow = new ArrayList<>();
            try {
                // More stalled requests than workers: only the read deadline frees them.
                for (int i = 0; i < 2 * MetricsEndpoint.WORKERS + 8; i++) {
                    Socket s = new Socket("127.0.0.1", server.getPort());
                    s.getOutputStream().write('G');
                    s.getOutputStream().flush();
                    slow.add(s);
                }
                HttpResponse<String> scrape = get(server, "/metrics");
                assertEquals(200, scrape.statusCode());
                assertTrue(scrape.body().contains("jvm_threads_current"), "the JVM's metrics are served");
                Socket first = slow.get(0);
                first.setSoTimeout((int) PATIENCE.toMillis());
                try (InputStream in = first.getInputStream()) {
                    assertEquals(-1, readOrEnd(in), "a stalled request's connection is closed by the server");
                }
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }

    @Test
    void twoHundredConcurrentScrapesAreAllAnswered() throws Exception {
        try (HTTPServer server = MetricsEndpoint.start("127.0.0.1", 0, new PrometheusRegistry(), "test.metrics-port")) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            ExecutorService callers = Executors.newFixedThreadPool(200);
            try {
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    answers.add(callers.submit(() -> client.send(HttpRequest.newBuilder(url(server, "/metrics"))
                            .timeout(PATIENCE).build(), HttpResponse.BodyHandlers.discarding()).statusCode()));
                }
                int ok = 0;
                for (Future<Integer> answer : answers) {
                    ok += answer.get() == 200 ? 1 : 0;
                }
                assertEquals(1000, ok);
            } finally {
                callers.shutdownNow();
            }
        }
    }

    @Test
    void anUnknownDebugViewIsRefusedWithoutEchoingIt() throws Exception {
        try (HTTPServer server = MetricsEndpoint.start("127.0.0.1", 0, new PrometheusRegistry(), "test.metrics-port")) {
            HttpResponse<String> refused = get(server, "/metrics?debug=%3Cscript%3Ealert(1)%3C/script%3E");
            assertEquals(400, refused.statusCode());
            assertFalse(refused.body().contains("script"), refused.body());
            assertEquals(400, get(server, "/metrics?name[]=x&debug").statusCode());
            HttpResponse<String> openMetrics = get(server, "/metrics?debug=openmetrics");
            assertEquals(200, openMetrics.statusCode());
            assertTrue(openMetrics.body().endsWith("# EOF\n"), "client_java's own debug view still answers");
            assertEquals(405, HttpClient.newHttpClient().send(HttpRequest.newBuilder(url(server, "/metrics"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        }
    }

    @Test
    void onlyDebugParametersAreJudged() {
        assertTrue(MetricsEndpoint.ReadsOnly.knownDebugView(null));
        assertTrue(MetricsEndpoint.ReadsOnly.knownDebugView("name[]=jvm_threads_current&debug=text"));
        assertTrue(MetricsEndpoint.ReadsOnly.knownDebugView("debugger=1"));
        assertFalse(MetricsEndpoint.ReadsOnly.knownDebugView("debug=TEXT"));
        assertFalse(MetricsEndpoint.ReadsOnly.knownDebugView("debug=text&debug=x"));
    }

    private static int readOrEnd(InputStream in) {
        try {
            return in.read();
        } catch (java.io.IOException reset) {
            return -1;
        }
    }

    private static HttpResponse<String> get(HTTPServer server, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(url(server, path)).timeout(PATIENCE).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI url(HTTPServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }

}
