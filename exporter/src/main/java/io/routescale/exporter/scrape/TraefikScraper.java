package io.routescale.exporter.scrape;

import io.routescale.exporter.config.Redact;
import io.routescale.exporter.parse.ExpositionException;
import io.routescale.exporter.parse.ExpositionParser;
import io.routescale.exporter.parse.ParseStats;
import io.routescale.exporter.parse.RejectReason;
import io.routescale.exporter.traefik.SeriesKeyPool;
import io.routescale.exporter.traefik.TraefikSnapshotBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fetches Traefik's {@code /metrics} and parses it as it streams in, so the body is never held whole.
 * The JDK's HTTP client is used (no reflection, nothing to configure for a native image); its request timeout
 * only covers the headers, so a watchdog closes the body stream at the deadline to bound a slow body too.
 */
public final class TraefikScraper implements AutoCloseable {
    static final String ACCEPT = "text/plain;version=0.0.4;q=0.9,application/openmetrics-text;version=1.0.0;q=0.5,*/*;q=0.1";

    /** The URL without its user info, which goes in an Authorization header instead (HttpClient sends none itself). */
    private final URI requestUrl;
    private final String authorization;
    /** What logs and {@code /signals} show of the URL: never a password or a token. */
    private final String shownUrl;
    private final Duration timeout;
    private final ExpositionParser parser;
    private final SeriesKeyPool keyPool;
    private final Clock clock;
    private final HttpClient http;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "routescale-scrape-watchdog");
        t.setDaemon(true);
        return t;
    });

    public TraefikScraper(URI url, Duration timeout, ExpositionParser parser, SeriesKeyPool keyPool, Clock clock) {
        this.shownUrl = Redact.url(url);
        this.authorization = url.getRawUserInfo() == null ? null : "Basic " + java.util.Base64.getEncoder().encodeToString(
                url.getUserInfo().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try {
            this.requestUrl = new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), url.getQuery(), null);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("routescale.exporter.traefik-url: " + shownUrl + " is not a valid URL", e);
        }
        this.timeout = timeout;
        this.parser = parser;
        this.keyPool = keyPool;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public ScrapeOutcome scrape() {
        long startNanos = System.nanoTime();
        // Stamped when the request is sent, as Prometheus stamps a scrape: not after a slow answer and its parse.
        long sentAtMillis = clock.millis();
        HttpRequest.Builder get = HttpRequest.newBuilder(requestUrl).timeout(timeout).header("Accept", ACCEPT).GET();
        if (authorization != null) {
            get.header("Authorization", authorization);
        }
        HttpRequest request = get.build();
        CountingStream body = null;
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> alarm = null;
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            body = new CountingStream(response.body());
            CountingStream toClose = body;
            long leftNanos = timeout.toNanos() - (System.nanoTime() - startNanos);
            alarm = watchdog.schedule(() -> {
                timedOut.set(true);
                toClose.closeQuietly();
            }, Math.max(0, leftNanos), TimeUnit.NANOSECONDS);
            if (response.statusCode() / 100 != 2) {
                return failure(RejectReason.UNREACHABLE, "HTTP " + response.statusCode() + " from " + shownUrl, 0, startNanos);
            }
            TraefikSnapshotBuilder builder = new TraefikSnapshotBuilder(keyPool, parser.limits().maxTargets());
            boolean openMetrics = ExpositionParser.isOpenMetrics(response.headers().firstValue("Content-Type").orElse(null));
            ParseStats stats = parser.parse(body, builder, openMetrics);
            return new ScrapeOutcome.Success(builder.build(sentAtMillis), stats, seconds(startNanos));
        } catch (ExpositionException e) {
            return failure(e.reason(), e.getMessage(), body == null ? 0 : body.count, startNanos);
        } catch (HttpTimeoutException e) {
            return failure(RejectReason.TIMEOUT, "no answer from " + shownUrl + " within " + timeout, 0, startNanos);
        } catch (IOException e) {
            RejectReason reason = timedOut.get() ? RejectReason.TIMEOUT : RejectReason.UNREACHABLE;
            String what = timedOut.get() ? "body not complete within " + timeout : describe(e);
            return failure(reason, what + " (" + shownUrl + ")", body == null ? 0 : body.count, startNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure(RejectReason.UNREACHABLE, "interrupted", 0, startNanos);
        } finally {
            if (alarm != null) {
                alarm.cancel(false);
            }
            if (body != null) {
                body.closeQuietly();
            }
        }
    }

    private static ScrapeOutcome failure(RejectReason reason, String message, long bytes, long startNanos) {
        return new ScrapeOutcome.Failure(reason, message, bytes, seconds(startNanos));
    }

    /** ConnectException and friends often carry no message; their type is the message then. */
    private static String describe(IOException e) {
        String message = e.getMessage();
        if (message == null && e.getCause() != null) {
            message = e.getCause().getMessage();
        }
        return message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }

    /** Counts bytes for the self-metrics; closing it aborts the HTTP exchange. */
    private static final class CountingStream extends java.io.FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        void closeQuietly() {
            try {
                close();
            } catch (IOException ignored) {
                // Already failing or done: nothing more to report.
            }
        }
    }
}
