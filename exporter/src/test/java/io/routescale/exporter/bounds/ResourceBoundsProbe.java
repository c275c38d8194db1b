package io.routescale.exporter.bounds;

import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.routescale.exporter.expose.SignalExposition;
import io.routescale.http.MetricsAnswer;
import io.routescale.exporter.parse.ParseLimits;
import io.routescale.exporter.signal.ExporterState;
import io.routescale.exporter.testing.PipelineHarness;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongFunction;

/**
 * Runs in its own JVM under the sidecar's heap (-Xmx128m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError), started by
 * {@link ResourceBoundsTest}. Each case serves a Traefik body generated while it is sent (never held whole) and
 * runs the exporter's whole pipeline on it twice (scrape, parse, windows, signals, Prometheus exposition) with
 * the shipped limits. Prints {@code <case> <outcome>} per case, outcome a reject reason or "accepted".
 * Arguments: the two at-caps bodies (files).
 */
public final class ResourceBoundsProbe {
    private ResourceBoundsProbe() {
    }

    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(r -> {
            Thread t = new Thread(r, "traefik-stand-in");
            t.setDaemon(true);
            t.start();
        });
        // 1 GiB of comment lines: only the byte cap can stop it.
        serve(server, "/gib", i -> i < (1L << 30) / 100 ? "# " + "x".repeat(97) + "\n" : null);
        // 10 million counter series of distinct services.
        serve(server, "/series", i -> i < 10_000_000 ? "traefik_service_requests_total{code=\"200\",method=\"GET\",protocol=\"http\",service=\"s"
                + i + "@kubernetes\"} 1\n" : null);
        // 10 million series of one service (a runaway label value).
        serve(server, "/one-target", i -> i < 10_000_000 ? "traefik_service_requests_total{code=\"" + i
                + "\",method=\"GET\",protocol=\"http\",service=\"web@kubernetes\"} 1\n" : null);
        // One sample whose service label value is 1 MB.
        serve(server, "/label", i -> i == 0 ? "traefik_service_requests_total{code=\"200\",method=\"GET\",protocol=\"http\",service=\""
                + "a".repeat(1 << 20) + "\"} 1\n" : null);
        // Issue 13 item 1: within every cap, label text a client chooses (Traefik's headerLabels): 100,000 series of
        // one service, each with a distinct 300-byte method (250,000 of them, 92 MB); 1,450 series with distinct
        // 63 KB values (92 MB).
        serve(server, "/wide-labels", i -> i < 250_000 ? "traefik_service_requests_total{code=\"200\",method=\""
                + distinct(i, 300) + "\",protocol=\"http\",service=\"web@kubernetes\"} 1\n" : null);
        serve(server, "/long-values", i -> i < 1_450 ? "traefik_service_requests_total{code=\"200\",method=\""
                + distinct(i, 63 * 1024) + "\",protocol=\"http\",service=\"web@kubernetes\"} 1\n" : null);
        // The largest body the caps accept: 5,550 services and their routers in the umbrella's layout (499,500
        // series), two successive scrapes rendered to files by the test (83 MB each would not fit in this heap as text).
        java.util.concurrent.atomic.AtomicInteger atCapsScrape = new java.util.concurrent.atomic.AtomicInteger();
        server.createContext("/at-caps", ex -> {
            Path body = Path.of(args[atCapsScrape.getAndIncrement() % 2]);
            ex.sendResponseHeaders(200, Files.size(body));
            try (OutputStream out = ex.getResponseBody()) {
                Files.copy(body, out);
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        for (String path : new String[] {"gib", "series", "one-target", "label", "wide-labels", "long-values", "at-caps"}) {
            System.out.println(path + " " + pipelineTwice(URI.create(base + "/" + path)));
        }
        server.stop(0); // its dispatcher thread would keep this JVM alive
    }

    private static String pipelineTwice(URI url) throws IOException {
        try (PipelineHarness h = new PipelineHarness(url, ParseLimits.DEFAULT, Duration.ofSeconds(120))) {
            ExporterState state = null;
            MetricsAnswer exposition = new MetricsAnswer(new PrometheusRegistry(),
                    new SignalExposition(h.board, h.clock, Duration.ofSeconds(10)));
            for (int i = 0; i < 2; i++) {
                h.clock.advance(Duration.ofSeconds(2));
                state = h.pipeline.runOnce();
                exposition.writeTo(OutputStream.nullOutputStream());
            }
            if (state.lastError() != null) {
                System.err.println(url.getPath() + ": " + state.lastErrorMessage()); // for the test's failure message
            }
            return state.lastError() == null ? "accepted" : state.lastError().label();
        }
    }

    /** {@code length} characters, distinct for each {@code i}. */
    private static String distinct(long i, int length) {
        String id = Long.toString(i, 36);
        return id + ".".repeat(length - id.length()); // "." is no base-36 digit: every i differs
    }

    private static void serve(HttpServer server, String path, LongFunction<String> lines) {
        server.createContext(path, ex -> {
            ex.sendResponseHeaders(200, 0); // chunked
            try (OutputStream out = new BufferedOutputStream(ex.getResponseBody(), 1 << 16)) {
                for (long i = 0; ; i++) {
                    String line = lines.apply(i);
                    if (line == null) {
                        break;
                    }
                    out.write(line.getBytes(StandardCharsets.US_ASCII));
                }
            } catch (IOException stoppedReading) {
                // the scraper hit a cap and closed the connection: expected
            }
        });
    }

}
