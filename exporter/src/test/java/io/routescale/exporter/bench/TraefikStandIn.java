package io.routescale.exporter.bench;

import com.sun.net.httpserver.HttpServer;
import io.routescale.exporter.testing.SyntheticTraefik;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Traefik stand-in for scripts/bench-exporter-memory.sh: serves {@link SyntheticTraefik}'s body of
 * {@code services} services with routers on {@code /metrics}, its counters advancing two seconds per scrape.
 * Arguments: port, services.
 */
public final class TraefikStandIn {
    private TraefikStandIn() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        SyntheticTraefik traefik = SyntheticTraefik.ofSize(Integer.parseInt(args[1]), SyntheticTraefik.Generation.V3, true);
        AtomicLong scrapes = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/metrics", ex -> {
            byte[] body = traefik.render(10 + 2.0 * scrapes.getAndIncrement()).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("serving " + args[1] + " services on http://127.0.0.1:" + port + "/metrics");
    }
}
