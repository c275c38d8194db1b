package io.routescale.exporter.bench;

import com.sun.net.httpserver.HttpServer;
import io.routescale.exporter.testing.PrerenderedBodies;
import io.routescale.exporter.testing.SyntheticTraefik;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A Traefik stand-in for scripts/bench-exporter-memory.sh: serves {@link SyntheticTraefik}'s body of
 * {@code services} services with routers on {@code /metrics}, its counters advancing two seconds per body
 * rendered ({@link PrerenderedBodies}).
 * Arguments: port, services, and optionally {@code umbrella} for {@link SyntheticTraefik#umbrellaShape} (the
 * chart's 16 buckets, GET and POST: 45 series per service and router).
 */
public final class TraefikStandIn {
    private TraefikStandIn() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int services = Integer.parseInt(args[1]);
        SyntheticTraefik traefik = args.length > 2 && args[2].equals("umbrella") ? SyntheticTraefik.umbrellaShape(services)
                : SyntheticTraefik.ofSize(services, SyntheticTraefik.Generation.V3, true);
        // Rendered ahead: a 5,000-service umbrella body takes seconds to write, longer than a scrape may wait.
        PrerenderedBodies bodies = new PrerenderedBodies(traefik, 10, 2);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/metrics", ex -> {
            byte[] body = bodies.get();
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
