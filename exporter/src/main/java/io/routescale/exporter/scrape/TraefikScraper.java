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
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fetches Traefik's {@code /metrics} and parses it as it streams in, so the body is never held whole.
 *
 * <p>On the JDK's {@code HttpURLConnection}, not its {@code java.net.http} client: the parser reads the
 * socket's stream straight into its own buffer, where {@code HttpClient} hands the body over as a queue of
 * fresh buffers from its selector thread (a 16.8 MB body took a median 68 ms to read with it on this
 * project's machine and 11 ms with this, in one run). Neither needs reflection for a native image. Connect
 * and read timeouts bound each step; a watchdog disconnects at the scrape's deadline, so a body that trickles
 * in cannot hold the scrape longer.
 */
public final class TraefikScraper implements AutoCloseable {
    static final String ACCEPT = "text/plain;version=0.0.4;q=0.9,application/openmetrics-text;version=1.0.0;q=0.5,*/*;q=0.1";

    /** The URL without its user info, which goes in an Authorization header instead (Java sends none itself). */
    private final URL requestUrl;
    private final String authorization;
    /** What logs and {@code /signals} show of the URL: never a password or a token. */
    private final String shownUrl;
    private final Duration timeout;
    private final ExpositionParser parser;
    private final SeriesKeyPool keyPool;
    private final Clock clock;
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
            this.requestUrl = new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), url.getQuery(), null)
                    .toURL();
        } catch (java.net.URISyntaxException | java.net.MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("routescale.exporter.traefik-url: " + shownUrl + " is not a valid URL", e);
        }
        this.timeout = timeout;
        this.parser = parser;
        this.keyPool = keyPool;
        this.clock = clock;
    }

    public ScrapeOutcome scrape() {
        long startNanos = System.nanoTime();
        // Stamped when the request is sent, as Prometheus stamps a scrape: not after a slow answer and its parse.
        long sentAtMillis = clock.millis();
        HttpURLConnection connection = null;
        CountingStream body = null;
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> alarm = null;
        boolean complete = false;
        try {
            connection = (HttpURLConnection) requestUrl.openConnection();
            int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            connection.setConnectTimeout(millis);
            connection.setReadTimeout(millis);
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestProperty("Accept", ACCEPT);
            if (authorization != null) {
                connection.setRequestProperty("Authorization", authorization);
            }
            HttpURLConnection toAbort = connection;
            alarm = watchdog.schedule(() -> {
                timedOut.set(true);
                toAbort.disconnect();
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
            int status = connection.getResponseCode();
            if (status / 100 != 2) {
                return failure(RejectReason.UNREACHABLE, "HTTP " + status + " from " + shownUrl, 0, startNanos);
            }
            body = new CountingStream(connection.getInputStream());
            TraefikSnapshotBuilder builder = new TraefikSnapshotBuilder(keyPool, parser.limits().maxTargets());
            boolean openMetrics = ExpositionParser.isOpenMetrics(connection.getContentType());
            ParseStats stats = parser.parse(body, builder, openMetrics);
            ScrapeOutcome success = new ScrapeOutcome.Success(builder.build(sentAtMillis), stats, seconds(startNanos));
            complete = true;
            return success;
        } catch (ExpositionException e) {
            return failure(e.reason(), e.getMessage(), body == null ? 0 : body.count, startNanos);
        } catch (IOException e) {
            if (timedOut.get() || e instanceof SocketTimeoutException) {
                String what = body == null ? "no answer from " + shownUrl + " within " + timeout
                        : "body not complete within " + timeout + " (" + shownUrl + ")";
                return failure(RejectReason.TIMEOUT, what, body == null ? 0 : body.count, startNanos);
            }
            return failure(RejectReason.UNREACHABLE, describe(e) + " (" + shownUrl + ")", body == null ? 0 : body.count,
                    startNanos);
        } finally {
            if (alarm != null) {
                alarm.cancel(false);
            }
            // A scrape that stopped early (a cap, a bad line, the deadline) drops its connection before closing the
            // stream, so nothing reads on into a body that may be a gigabyte; a complete one goes back to the
            // keep-alive pool.
            if (connection != null && !complete) {
                connection.disconnect();
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

    /** Counts bytes for the self-metrics. */
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
