package io.routescale.exporter.testing;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Bodies of a {@link SyntheticTraefik} rendered ahead of the scrape that takes them, so that a benchmark measures
 * the scraper, not the stand-in's rendering (75 MB of text take the stand-in seconds). Each scrape takes the
 * newest ready body and starts rendering the next, {@code stepSeconds} of counters later; a scrape that comes
 * before it is ready gets the same body again (no traffic in between), never waits for it.
 */
public final class PrerenderedBodies implements Supplier<byte[]>, AutoCloseable {
    private final SyntheticTraefik traefik;
    private final double stepSeconds;
    private final ExecutorService renderer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "prerender");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean rendering = new AtomicBoolean();
    private volatile byte[] ready;
    private double nextAt;

    public PrerenderedBodies(SyntheticTraefik traefik, double startSeconds, double stepSeconds) {
        this.traefik = traefik;
        this.stepSeconds = stepSeconds;
        this.ready = render(startSeconds);
        this.nextAt = startSeconds + stepSeconds;
    }

    @Override
    public byte[] get() {
        byte[] body = ready;
        if (rendering.compareAndSet(false, true)) {
            renderer.execute(() -> {
                ready = render(nextAt);
                nextAt += stepSeconds;
                rendering.set(false);
            });
        }
        return body;
    }

    private byte[] render(double at) {
        return traefik.render(at).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        renderer.shutdownNow();
    }
}
