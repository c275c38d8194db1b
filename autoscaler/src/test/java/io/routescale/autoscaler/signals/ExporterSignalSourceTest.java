package io.routescale.autoscaler.signals;

import io.micronaut.serde.ObjectMapper;
import io.routescale.autoscaler.policy.SignalSelector;
import io.routescale.exporter.testing.RealPrometheus;
import io.routescale.signals.SignalsView;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.routescale.autoscaler.signals.ReplicaSumTest.backend;
import static io.routescale.autoscaler.signals.ReplicaSumTest.doc;
import static io.routescale.autoscaler.signals.ReplicaSumTest.w;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fast path over real HTTP: healthy, stale, broken, slow and vanished exporters. */
class ExporterSignalSourceTest {
    private static final SignalSelector WEB = ReplicaSumTest.WEB;
    private final List<HttpServer> servers = new ArrayList<>();

    private URI exporter(int status, String body, long delayMillis) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/signals", ex -> {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            } catch (IOException ignored) {
                // the reader gave up
            }
        });
        s.start();
        servers.add(s);
        return URI.create("http://127.0.0.1:" + s.getAddress().getPort() + "/signals");
    }

    private static String json(SignalsView v) throws IOException {
        return ObjectMapper.getDefault().writeValueAsString(v);
    }

    private static ExporterSignalSource source(List<URI> urls) {
        return new ExporterSignalSource(() -> urls, HttpClient.newHttpClient(), Duration.ofMillis(500), ObjectMapper.getDefault());
    }


    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    @Test
    void sumsEveryReplica() throws Exception {
        URI a = exporter(200, json(doc(backend("w@k", "web", w("60s", 30.0, 0.0, 0.1, 1.0)))), 0);
        URI b = exporter(200, json(doc(backend("w@k", "web", w("60s", 12.0, 0.0, 0.1, 1.0)))), 0);
        ExporterSignalSource source = source(List.of(a, b));
        SelectorValues v = source.read(Set.of(WEB)).get(WEB);
        assertEquals(42.0, v.byWindow().get("60s").requestsPerSecond(), 1e-9);
        assertTrue(v.complete());
        assertEquals(1.0, source.lastAgeSeconds().getAsDouble(), 1e-9, "the oldest document's age");
    }

    @Test
    void staleBrokenSlowOrGoneReplicasMakeALowerBound() throws Exception {
        URI good = exporter(200, json(doc(backend("w@k", "web", w("60s", 30.0, 0.0, 0.1, 1.0)))), 0);
        SignalsView staleDoc = new SignalsView(new SignalsView.TraefikView(false, true, 30.0, 1.0, "unreachable", "down", "V3"),
                List.of(backend("w@k", "web", w("60s", 999.0, 0.0, 0.1, 1.0))), List.of());
        URI stale = exporter(200, json(staleDoc), 0);
        URI broken = exporter(200, "{not json", 0);
        URI failing = exporter(503, "", 0);
        URI slow = exporter(200, json(doc(backend("w@k", "web", w("60s", 999.0, 0.0, 0.1, 1.0)))), 2000);
        URI gone = URI.create("http://127.0.0.1:" + RealPrometheus.freePort() + "/signals");
        ExporterSignalSource source = source(List.of(good, stale, broken, failing, slow, gone));
        SelectorValues v = source.read(Set.of(WEB)).get(WEB);
        assertFalse(v.complete());
        assertEquals(30.0, v.byWindow().get("60s").requestsPerSecond(), 1e-9, "stale values are never summed in");
        assertEquals(5, source.lastUnanswered());
    }

    @Test
    void noExporterMeansNoData() {
        Map<SignalSelector, SelectorValues> none = source(List.of()).read(Set.of(WEB));
        assertTrue(none.isEmpty());
    }
}
