package io.routescale.exporter;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.routescale.http.StreamingMetricsServer;
import io.routescale.exporter.testing.RealPrometheus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 item 11: both ports can be bound to one address. Linux routes all of 127.0.0.0/8 to the loopback, so
 * 127.0.0.2 reaches a socket bound to every interface and not one bound to 127.0.0.1.
 */
class BindAddressTest {
    @Test
    void bothPortsListenOnlyWhereTheyAreTold() {
        Map<String, Object> p = properties();
        p.put("routescale.exporter.metrics-host", "127.0.0.1");
        p.put("micronaut.server.host", "127.0.0.1");
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, p)) {
            int metrics = server.getApplicationContext().getBean(StreamingMetricsServer.class).getPort();
            assertTrue(accepts("127.0.0.1", metrics));
            assertTrue(accepts("127.0.0.1", server.getPort()));
            assertFalse(accepts("127.0.0.2", metrics), "metrics-host 127.0.0.1");
            assertFalse(accepts("127.0.0.2", server.getPort()), "micronaut.server.host 127.0.0.1");
        }
    }

    @Test
    void byDefaultBothListenOnEveryInterface() {
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties())) {
            assertTrue(accepts("127.0.0.2", server.getApplicationContext().getBean(StreamingMetricsServer.class).getPort()));
            assertTrue(accepts("127.0.0.2", server.getPort()));
        }
    }

    private static Map<String, Object> properties() {
        Map<String, Object> p = new HashMap<>();
        p.put("routescale.exporter.schedule-enabled", "false");
        p.put("routescale.exporter.metrics-port", RealPrometheus.freePort());
        p.put("micronaut.server.port", RealPrometheus.freePort());
        return p;
    }

    private static boolean accepts(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
