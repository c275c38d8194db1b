package io.routescale.exporter.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A stand-in for Traefik's metrics endpoint on a free loopback port. Tests choose the body, the status and
 * a stall, to play a healthy, broken or slow Traefik.
 */
public final class FakeTraefikServer implements AutoCloseable {
    private final HttpServer server;
    private volatile Supplier<byte[]> body = () -> new byte[0];
    private volatile int status = 200;
    private volatile long stallMillis;
    private volatile String contentType = "text/plain; version=0.0.4; charset=utf-8";

    public FakeTraefikServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "fake-traefik");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/metrics", exchange -> {
            byte[] bytes = body.get();
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                int half = bytes.length / 2;
                out.write(bytes, 0, half);
                out.flush();
                if (stallMillis > 0) {
                    Thread.sleep(stallMillis);
                }
                out.write(bytes, half, bytes.length - half);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // The client gave up (e.g. a scrape timeout); nothing to do.
            }
        });
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
    }

    public void serve(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        body = () -> bytes;
    }

    public void serve(Supplier<byte[]> supplier) {
        body = supplier;
    }

    /** The Content-Type the body is served as (Traefik answers text 0.0.4 or OpenMetrics as asked). */
    public void contentType(String value) {
        contentType = value;
    }

    public void status(int code) {
        status = code;
    }

    /** Sends half the body, waits, then the rest. */
    public void stall(long millis) {
        stallMillis = millis;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
