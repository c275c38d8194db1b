package io.routescale.autoscaler.signals;

import io.micronaut.serde.ObjectMapper;
import io.routescale.autoscaler.policy.SignalSelector;
import io.routescale.exporter.testing.FakeTraefikServer;
import io.routescale.exporter.testing.RealPrometheus;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The standard path against a real Prometheus (Debian package) scraping two stand-in exporters that serve
 * fixed {@code routescale_*} expositions, as two Traefik replicas' sidecars would.
 */
class PrometheusSignalSourceTest {
    private static final SignalSelector WEB = new SignalSelector(false, "shop", "web");
    private static final SignalSelector API = new SignalSelector(false, "shop", "api");
    private static final SignalSelector CART = new SignalSelector(true, "shop", "cart");

    private static String exporter(double webRps, double webErrors, double webP99, boolean apiSlowWindow, int traefikUp) {
        String b = "namespace=\"shop\",resolution=\"api\",service=\"web\",traefik_service=\"shop-web-80@kubernetes\"";
        String a = "namespace=\"shop\",resolution=\"api\",service=\"api\",traefik_service=\"shop-api-80@kubernetes\"";
        String r = "namespace=\"shop\",resolution=\"api\",route=\"cart\",traefik_router=\"shop-cart-x@kubernetes\",traefik_service=\"shop-web-80@kubernetes\"";
        return "# TYPE routescale_traefik_up gauge\nroutescale_traefik_up " + traefikUp + "\n"
                + "# TYPE routescale_signals_age_seconds gauge\nroutescale_signals_age_seconds " + (webRps / 100) + "\n"
                + "# TYPE routescale_backend_requests_per_second gauge\n"
                + "routescale_backend_requests_per_second{" + b + ",window=\"60s\"} " + webRps + "\n"
                + (apiSlowWindow ? "" : "routescale_backend_requests_per_second{" + a + ",window=\"60s\"} 5\n")
                + "# TYPE routescale_backend_window_coverage_ratio gauge\n"
                + "routescale_backend_window_coverage_ratio{" + b + ",window=\"60s\"} 1\n"
                + "routescale_backend_window_coverage_ratio{" + a + ",window=\"60s\"} " + (apiSlowWindow ? "0.2" : "1") + "\n"
                + "# TYPE routescale_backend_error_ratio gauge\n"
                + "routescale_backend_error_ratio{" + b + ",window=\"60s\"} " + webErrors + "\n"
                + "# TYPE routescale_backend_latency_seconds summary\n"
                + "routescale_backend_latency_seconds{" + b + ",window=\"60s\",quantile=\"0.99\"} " + webP99 + "\n"
                + "# TYPE routescale_backend_inflight_requests gauge\n"
                + "routescale_backend_inflight_requests{" + b + ",window=\"60s\",source=\"littles_law\"} " + webRps / 10 + "\n"
                + "# TYPE routescale_route_requests_per_second gauge\n"
                + "routescale_route_requests_per_second{" + r + ",window=\"60s\"} 4\n"
                + "# TYPE routescale_route_window_coverage_ratio gauge\n"
                + "routescale_route_window_coverage_ratio{" + r + ",window=\"60s\"} 1\n";
    }

    @Test
    void aggregatesAcrossReplicasAndTreatsGapsAsMissing() throws Exception {
        try (FakeTraefikServer one = new FakeTraefikServer(); FakeTraefikServer two = new FakeTraefikServer()) {
            one.serve(exporter(100, 0.1, 0.2, false, 1));
            two.serve(exporter(50, 0.4, 0.5, true, 1));
            try (RealPrometheus prometheus = new RealPrometheus(List.of(hostPort(one.url()), hostPort(two.url())), Duration.ofSeconds(1))) {
                PrometheusSignalSource source = new PrometheusSignalSource(prometheus.url(), HttpClient.newHttpClient(),
                        Duration.ofSeconds(2), ObjectMapper.getDefault(), () -> List.of("60s"));
                Map<SignalSelector, SelectorValues> read = awaitBoth(source);
                WindowValues web = read.get(WEB).byWindow().get("60s");
                assertEquals(150.0, web.requestsPerSecond(), 1e-9);
                assertEquals((10.0 + 20.0) / 150.0, web.errorRatio(), 1e-9);
                assertEquals(0.5, web.latencyP99Seconds(), 1e-9);
                assertEquals(15.0, web.inflightRequests(), 1e-9);
                assertTrue(read.get(WEB).complete());
                assertEquals(1.0, source.lastAgeSeconds().getAsDouble(), 1e-9, "the oldest replica's age");
                assertFalse(read.containsKey(API), "one replica cannot fill the window yet: absent, not 5 rps");
                assertEquals(8.0, read.get(CART).byWindow().get("60s").requestsPerSecond(), 1e-9);
                assertNull(read.get(CART).byWindow().get("60s").errorRatio());

                two.serve(exporter(50, 0.4, 0.5, true, 0));
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (read.get(WEB).complete() && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                    read = source.read(Set.of(WEB));
                }
                assertFalse(read.get(WEB).complete(), "a replica that cannot scrape Traefik makes a lower bound");
            }
        }
    }

    @Test
    void unreachablePrometheusIsNoDataNotZero() {
        PrometheusSignalSource source = new PrometheusSignalSource(URI.create("http://127.0.0.1:" + RealPrometheus.freePort()),
                HttpClient.newHttpClient(), Duration.ofMillis(300), ObjectMapper.getDefault(), () -> List.of("60s"));
        assertTrue(source.read(Set.of(WEB)).isEmpty());
    }

    /**
     * A stand-in Prometheus API that records each query's parameters and answers every query with one
     * sample (shop/web, 60s, value 1). Each answer waits until {@code answerAfter} queries have arrived; a query
     * containing {@code neverAnswered} is held until the stand-in closes.
     */
    private static final class StandInPrometheus implements AutoCloseable {
        final List<String> queries = Collections.synchronizedList(new ArrayList<>());
        private final HttpServer server;
        private final CountDownLatch arrived;
        private final CountDownLatch closed = new CountDownLatch(1);

        StandInPrometheus(int answerAfter, String neverAnswered) throws IOException {
            arrived = new CountDownLatch(answerAfter);
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newFixedThreadPool(8));
            server.createContext("/api/v1/query", exchange -> {
                String query = URLDecoder.decode(exchange.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
                queries.add(query);
                arrived.countDown();
                try {
                    arrived.await(20, TimeUnit.SECONDS);
                    if (neverAnswered != null && query.contains(neverAnswered)) {
                        closed.await(20, TimeUnit.SECONDS);
                    }
                    byte[] body = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":"
                            + "{\"namespace\":\"shop\",\"service\":\"web\",\"window\":\"60s\"},\"value\":[1,\"1\"]}]}}")
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException gone) {
                    // the reader gave up
                }
                exchange.close();
            });
            server.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        @Override
        public void close() {
            closed.countDown();
            server.stop(0);
            ((ExecutorService) server.getExecutor()).shutdownNow();
        }
    }

    private static final Clock AT = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_250L), ZoneOffset.UTC);

    @Test
    void aReadIsSixQueriesSentTogetherAndEvaluatedAtOneInstant() throws Exception {
        // No answer comes before all six queries have arrived: a read that sent them one after another would
        // wait on its first until the deadline and give nothing.
        try (StandInPrometheus prometheus = new StandInPrometheus(6, null)) {
            PrometheusSignalSource source = new PrometheusSignalSource(prometheus.url(), HttpClient.newHttpClient(),
                    Duration.ofSeconds(10), ObjectMapper.getDefault(), () -> List.of("10s", "60s"), System::nanoTime, AT);
            Map<SignalSelector, SelectorValues> read = source.read(Set.of(WEB, CART));
            assertEquals(1.0, read.get(WEB).byWindow().get("60s").requestsPerSecond(), 1e-9);
            assertEquals(6, prometheus.queries.size(), "one query per signal kind, for both kinds and both windows");
            for (String query : prometheus.queries) {
                assertTrue(query.endsWith("&time=1700000000.250"), query);
            }
        }
    }

    @Test
    void aSlowQueryCostsTheReadOneDeadlineAndGivesNoSignals() throws Exception {
        try (StandInPrometheus prometheus = new StandInPrometheus(1, "latency_seconds")) {
            PrometheusSignalSource source = new PrometheusSignalSource(prometheus.url(), HttpClient.newHttpClient(),
                    Duration.ofMillis(300), ObjectMapper.getDefault(), () -> List.of("10s", "60s"), System::nanoTime, AT);
            assertEquals(Map.of(), source.read(Set.of(WEB, CART)), "five answers of six are not a read");
            assertTrue(source.lastAgeSeconds().isEmpty());
            assertEquals(6, prometheus.queries.size(), "all were sent at once");
        }
    }

    @Test
    void twoThousandTargetsAreOneRoundTripOfSixQueries() throws Exception {
        int targets = 1000;
        try (FakeTraefikServer one = new FakeTraefikServer(); FakeTraefikServer two = new FakeTraefikServer()) {
            one.serve(StandInFleet.exposition(targets, 1));
            two.serve(StandInFleet.exposition(targets, 2));
            try (RealPrometheus prometheus = new RealPrometheus(List.of(hostPort(one.url()), hostPort(two.url())), Duration.ofSeconds(1))) {
                prometheus.awaitScalar("count(routescale_route_requests_per_second)", v -> v == 4.0 * targets, Duration.ofSeconds(60))
                        .orElseThrow(() -> new AssertionError("Prometheus never had both replicas:\n" + prometheus.log()));
                Set<SignalSelector> wanted = new java.util.HashSet<>();
                for (int i = 1; i <= targets; i++) {
                    wanted.add(new SignalSelector(false, "ns" + i % 40, "svc" + i));
                    wanted.add(new SignalSelector(true, "ns" + i % 40, "rt" + i));
                }
                PrometheusSignalSource source = new PrometheusSignalSource(prometheus.url(), HttpClient.newHttpClient(),
                        Duration.ofSeconds(10), ObjectMapper.getDefault(), () -> List.of("10s", "60s"));
                double before = StandInFleet.queriesAnswered(prometheus);
                Map<SignalSelector, SelectorValues> read = source.read(wanted);
                assertEquals(6.0, StandInFleet.queriesAnswered(prometheus) - before, "HTTP requests of one read");
                assertEquals(wanted, read.keySet());
                for (int i = 1; i <= targets; i++) {
                    for (boolean route : new boolean[] {false, true}) {
                        SignalSelector selector = new SignalSelector(route, "ns" + i % 40, (route ? "rt" : "svc") + i);
                        for (String window : List.of("10s", "60s")) {
                            WindowValues v = read.get(selector).byWindow().get(window);
                            assertEquals(3.0 * i, v.requestsPerSecond(), 1e-9, selector + " " + window);
                            assertEquals((0.1 * i + 0.2 * 2 * i) / (3.0 * i), v.errorRatio(), 1e-9, selector + " " + window);
                            assertEquals(2.0 * i / 1000.0, v.latencyP99Seconds(), 1e-9, selector + " " + window);
                            assertEquals(3.0, v.inflightRequests(), 1e-9, selector + " " + window);
                        }
                    }
                }
            }
        }
    }

    private static Map<SignalSelector, SelectorValues> awaitBoth(PrometheusSignalSource source) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        Map<SignalSelector, SelectorValues> read = Map.of();
        while (System.nanoTime() < deadline) {
            read = source.read(Set.of(WEB, API, CART));
            SelectorValues web = read.get(WEB);
            if (web != null && web.byWindow().get("60s") != null
                    && Math.abs(web.byWindow().get("60s").requestsPerSecond() - 150) < 1e-9 && read.containsKey(CART)) {
                return read;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Prometheus never had both replicas: " + read);
    }

    private static String hostPort(URI u) {
        return u.getHost() + ":" + u.getPort();
    }

}
