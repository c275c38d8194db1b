package io.routescale.exporter.demo;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The demo's stand-in for Traefik (environment {@code demo} only): serves the bundled real capture, replayed
 * as live traffic, on {@code routescale.demo.port} of the loopback interface.
 */
@Context
@Requires(env = "demo")
public class DemoTraefik {
    private static final Logger LOG = LoggerFactory.getLogger(DemoTraefik.class);
    private final HttpServer server;

    public DemoTraefik(@Value("${routescale.demo.port:9100}") int port,
                       @Value("${routescale.demo.speed:1.0}") double speed) {
        CaptureReplay replay = new CaptureReplay(capture(), speed);
        long start = System.nanoTime();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("demo Traefik cannot listen on 127.0.0.1:" + port
                    + " (routescale.demo.port); is a real Traefik there?", e);
        }
        server.createContext("/metrics", exchange -> {
            byte[] body = replay.render((System.nanoTime() - start) / 1e9).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        LOG.info("Demo Traefik: replaying a real Traefik v2.4 capture on http://127.0.0.1:{}/metrics", port);
    }

    private static String capture() {
        try (InputStream in = DemoTraefik.class.getResourceAsStream("/demo/v2.4-covidpass-docker-compose.prom")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the bundled demo capture is missing from the jar", e);
        }
    }

    @PreDestroy
    void stop() {
        server.stop(0);
    }
}
