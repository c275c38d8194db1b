package io.routescale.http;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 item 10: slow or idle clients cannot starve Prometheus, many scrapes at once are all answered (on both
 * kinds of endpoint), and an unknown debug view is refused without being echoed. This module's tests make no other JDK HTTP server, so the
 * request deadlines MetricsEndpoint sets are the ones the JDK server of this JVM reads.
 */
class MetricsEndpointTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    /** Both endpoints: client_java's (the autoscaler's) and the streaming one (the exporter's). */
    enum Kind { CLIENT_JAVA, STREAMING }

    /** A started endpoint of either kind. */
    record Running(int port, AutoCloseable server) implements AutoCloseable {
        static Running start(Kind kind) {
            if (kind == Kind.CLIENT_JAVA) {
                HTTPServer s = MetricsEndpoint.start("127.0.0.1", 0, new PrometheusRegistry(), "test.metrics-port");
                return new Running(s.getPort(), s);
            }
            StreamingMetricsServer s = MetricsEndpoint.startStreaming("127.0.0.1", 0, new PrometheusRegistry(),
                    "test.metrics-port", out -> { });
            return new Running(s.getPort(), s);
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void clientsThatSendOneByteDoNotStarveTheScrape(Kind kind) throws Exception {
        try (Running server = Running.start(kind)) {
            assertEquals("5", System.getProperty(MetricsEndpoint.MAX_REQUEST_SECONDS));
            List<Socket> slow = new ArrayList<>();
            try {
                // More stalled requests than workers: only the read deadline frees them.
                for (int i = 0; i < 2 * MetricsEndpoint.WORKERS + 8; i++) {
                    Socket s = new Socket("127.0.0.1", server.port());
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

    @ParameterizedTest
    @EnumSource(Kind.class)
    void twoHundredConcurrentScrapesAreAllAnswered(Kind kind) throws Exception {
        try (Running server = Running.start(kind)) {
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
        Set<String> views = MetricsEndpoint.DEBUG_VIEWS;
        assertTrue(MetricsEndpoint.ReadsOnly.knownDebugView(null, views));
        assertTrue(MetricsEndpoint.ReadsOnly.knownDebugView("name[]=jvm_threads_current&debug=text", views));
        assertTrue(MetricsEndpoint.ReadsOnly.knownDebugView("debugger=1", views));
        assertFalse(MetricsEndpoint.ReadsOnly.knownDebugView("debug=TEXT", views));
        assertFalse(MetricsEndpoint.ReadsOnly.knownDebugView("debug=text&debug=x", views));
        assertFalse(MetricsEndpoint.ReadsOnly.knownDebugView("debug=text", Set.of()), "the streaming endpoint has none");
        assertTrue(MetricsEndpoint.ReadsOnly.knownDebugView("debugger=1", Set.of()));
    }

    private static int readOrEnd(InputStream in) {
        try {
            return in.read();
        } catch (java.io.IOException reset) {
            return -1;
        }
    }

    private static HttpResponse<String> get(HTTPServer server, String path) throws Exception {
        return get(server.getPort(), path);
    }

    private static HttpResponse<String> get(Running server, String path) throws Exception {
        return get(server.port(), path);
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(url(port, path)).timeout(PATIENCE).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI url(HTTPServer server, String path) {
        return url(server.getPort(), path);
    }

    private static URI url(Running server, String path) {
        return url(server.port(), path);
    }

    private static URI url(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

}
