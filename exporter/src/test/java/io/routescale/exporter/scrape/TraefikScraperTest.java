package io.routescale.exporter.scrape;

import io.routescale.exporter.parse.ExpositionParser;
import io.routescale.exporter.parse.ParseLimits;
import io.routescale.exporter.testing.FakeTraefikServer;
import io.routescale.exporter.testing.MutableClock;
import io.routescale.exporter.traefik.SeriesKeyPool;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraefikScraperTest {
    private static final long START = 1_700_000_000_000L;

    /**
     * Issue 13 item 18: a scrape is stamped when its request is sent, as Prometheus stamps one: a stamp taken after
     * a slow answer and its parse moves every sample later by that time, and the rate over the window reads high.
     */
    @Test
    void aScrapeIsStampedWhenItsRequestIsSent() {
        MutableClock clock = new MutableClock(START);
        try (FakeTraefikServer traefik = new FakeTraefikServer();
             TraefikScraper scraper = new TraefikScraper(traefik.url(), Duration.ofSeconds(5),
                     new ExpositionParser(ParseLimits.DEFAULT), new SeriesKeyPool(100), clock)) {
            traefik.serve(() -> {
                clock.advance(Duration.ofMillis(700)); // Traefik takes 0.7 s to answer
                return "traefik_service_requests_total{service=\"shop-web-80@kubernetes\",code=\"200\",method=\"GET\",protocol=\"http\"} 5\n"
                        .getBytes(StandardCharsets.UTF_8);
            });
            ScrapeOutcome.Success success = assertInstanceOf(ScrapeOutcome.Success.class, scraper.scrape());
            assertEquals(START, success.snapshot().atMillis());
            assertEquals(START + 700, clock.millis());
        }
    }

    /** Issue 13 item 8: credentials in the URL are sent as basic auth and never shown in a message. */
    @Test
    void credentialsInTheUrlAreSentAsBasicAuthAndNeverShown() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        String expected = "Basic " + java.util.Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8));
        server.createContext("/metrics", exchange -> {
            boolean allowed = expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                    && "token=t0k3n".equals(exchange.getRequestURI().getRawQuery());
            byte[] body = "traefik_service_requests_total{service=\"a@kubernetes\",code=\"200\",method=\"GET\",protocol=\"http\"} 5\n"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(allowed ? 200 : 401, allowed ? body.length : -1);
            if (allowed) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        int port = server.getAddress().getPort();
        try (TraefikScraper good = new TraefikScraper(java.net.URI.create("http://admin:s3cret@127.0.0.1:" + port + "/metrics?token=t0k3n"),
                Duration.ofSeconds(5), new ExpositionParser(ParseLimits.DEFAULT), new SeriesKeyPool(100), new MutableClock(START));
             TraefikScraper bad = new TraefikScraper(java.net.URI.create("http://admin:wrong@127.0.0.1:" + port + "/metrics?token=t0k3n"),
                     Duration.ofSeconds(5), new ExpositionParser(ParseLimits.DEFAULT), new SeriesKeyPool(100), new MutableClock(START))) {
            assertInstanceOf(ScrapeOutcome.Success.class, good.scrape());
            ScrapeOutcome.Failure refused = assertInstanceOf(ScrapeOutcome.Failure.class, bad.scrape());
            assertEquals("HTTP 401 from http://***@127.0.0.1:" + port + "/metrics?token=***", refused.message());
        } finally {
            server.stop(0);
        }
    }

    /** Issue 13 item 5: a body served as OpenMetrics and cut before its '# EOF' is not a complete scrape. */
    @Test
    void anOpenMetricsAnswerWithoutEofIsRejectedAsMalformed() {
        try (FakeTraefikServer traefik = new FakeTraefikServer();
             TraefikScraper scraper = new TraefikScraper(traefik.url(), Duration.ofSeconds(5),
                     new ExpositionParser(ParseLimits.DEFAULT), new SeriesKeyPool(100), new MutableClock(START))) {
            String body = "traefik_service_requests_total{service=\"a@kubernetes\",code=\"200\",method=\"GET\",protocol=\"http\"} 5\n";
            traefik.contentType("application/openmetrics-text; version=1.0.0; charset=utf-8");
            traefik.serve(body);
            ScrapeOutcome.Failure cut = assertInstanceOf(ScrapeOutcome.Failure.class, scraper.scrape());
            assertEquals(io.routescale.exporter.parse.RejectReason.MALFORMED, cut.reason());
            traefik.serve(body + "# EOF\n");
            assertInstanceOf(ScrapeOutcome.Success.class, scraper.scrape());
            traefik.contentType("text/plain; version=0.0.4; charset=utf-8");
            traefik.serve(body);
            assertInstanceOf(ScrapeOutcome.Success.class, scraper.scrape(), "the text format has no end marker");
        }
    }

    /**
     * Only the scrape's deadline can stop an answer that trickles in, a byte every 50 ms for a minute: each read
     * returns well within the read timeout. Once in the body, once still in the headers.
     */
    @Test
    void anAnswerThatTricklesInIsCutAtTheDeadline() throws Exception {
        String headers = "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: 100000\r\n\r\n";
        for (boolean inHeaders : new boolean[] {false, true}) {
            try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                Thread trickle = new Thread(() -> {
                    try (java.net.Socket client = listener.accept()) {
                        java.io.OutputStream out = client.getOutputStream();
                        if (!inHeaders) {
                            out.write(headers.getBytes(StandardCharsets.US_ASCII));
                        }
                        byte[] drip = (inHeaders ? headers : "# trickle\n").getBytes(StandardCharsets.US_ASCII);
                        for (int i = 0; i < 1200; i++) {
                            out.write(drip[i % drip.length]);
                            out.flush();
                            Thread.sleep(50);
                        }
                    } catch (IOException | InterruptedException closed) {
                        // the scraper gave up, as it should
                    }
                });
                trickle.setDaemon(true);
                trickle.start();
                try (TraefikScraper scraper = new TraefikScraper(java.net.URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/metrics"),
                        Duration.ofSeconds(1), new ExpositionParser(ParseLimits.DEFAULT), new SeriesKeyPool(100), new MutableClock(START))) {
                    ScrapeOutcome.Failure cut = assertInstanceOf(ScrapeOutcome.Failure.class, scraper.scrape());
                    assertEquals(io.routescale.exporter.parse.RejectReason.TIMEOUT, cut.reason(), cut.message());
                    assertEquals(inHeaders ? "no answer from http://127.0.0.1:" + listener.getLocalPort() + "/metrics within PT1S"
                            : "body not complete within PT1S (http://127.0.0.1:" + listener.getLocalPort() + "/metrics)", cut.message());
                    // The drip would take a minute; the deadline is 1 s. 20 s leaves a loaded machine room.
                    assertTrue(cut.durationSeconds() < 20, "cut after " + cut.durationSeconds() + " s");
                }
            }
        }
    }
}
