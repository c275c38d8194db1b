package io.routescale.autoscaler.signals;

import io.micronaut.serde.ObjectMapper;
import io.routescale.autoscaler.policy.SignalSelector;
import io.routescale.exporter.testing.FakeTraefikServer;
import io.routescale.exporter.testing.RealPrometheus;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    @Test
    void oneDeadlineCoversTheWholeReadNotEachQuery() throws Exception {
        // Each answer takes 300 ms on the source's clock; an 800 ms signal-timeout per query would let all 26
        // queries of this read through (7.8 s against a 1 s cycle). Under one deadline the fourth is never sent.
        AtomicLong nanos = new AtomicLong();
        AtomicInteger queries = new AtomicInteger();
        HttpServer prometheus = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        prometheus.createContext("/api/v1/query", exchange -> {
            queries.incrementAndGet();
            nanos.addAndGet(Duration.ofMillis(300).toNanos());
            byte[] body = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":"
                    + "{\"namespace\":\"shop\",\"service\":\"web\",\"route\":\"cart\"},\"value\":[1,\"1\"]}]}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        prometheus.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + prometheus.getAddress().getPort());
            PrometheusSignalSource source = new PrometheusSignalSource(url, HttpClient.newHttpClient(),
                    Duration.ofMillis(800), ObjectMapper.getDefault(), () -> List.of("10s", "60s"), nanos::get);
            assertEquals(Map.of(), source.read(Set.of(WEB, CART)), "a read past its deadline gives no signals");
            assertEquals(3, queries.get(), "sent at 0, 300 and 600 ms; none after 800 ms");
            assertTrue(source.lastAgeSeconds().isEmpty());

            nanos.set(0);
            queries.set(0);
            PrometheusSignalSource fast = new PrometheusSignalSource(url, HttpClient.newHttpClient(),
                    Duration.ofSeconds(8), ObjectMapper.getDefault(), () -> List.of("10s", "60s"), nanos::get);
            Map<SignalSelector, SelectorValues> read = fast.read(Set.of(WEB, CART));
            assertEquals(2 + 2 * 2 * 6, queries.get(), "within the deadline every query of the read is sent");
            assertEquals(1.0, read.get(WEB).byWindow().get("60s").requestsPerSecond(), 1e-9);
        } finally {
            prometheus.stop(0);
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
