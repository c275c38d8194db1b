package io.routescale.exporter.testing;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.routescale.exporter.SignalPipeline;
import io.routescale.exporter.expose.SelfMetrics;
import io.routescale.exporter.naming.ParsedNameResolver;
import io.routescale.exporter.parse.ExpositionParser;
import io.routescale.exporter.parse.ParseLimits;
import io.routescale.exporter.scrape.TraefikScraper;
import io.routescale.exporter.signal.SignalBoard;
import io.routescale.exporter.signal.SignalCalculator;
import io.routescale.exporter.traefik.SeriesKeyPool;
import io.routescale.exporter.window.WindowStore;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/** The real pipeline stages wired by hand around a {@link MutableClock}: what the factory builds, minus DI. */
public final class PipelineHarness implements AutoCloseable {
    public final MutableClock clock;
    public final SignalBoard board = new SignalBoard();
    public final PrometheusRegistry registry = new PrometheusRegistry();
    public final SignalPipeline pipeline;
    private final TraefikScraper scraper;

    public PipelineHarness(URI traefik, ParseLimits limits, Duration timeout) {
        this(traefik, limits, timeout, new MutableClock(1_700_000_000_000L));
    }

    /** With a clock shared with other parts under test (several Traefik replicas, an autoscaler). */
    public PipelineHarness(URI traefik, ParseLimits limits, Duration timeout, MutableClock clock) {
        this.clock = clock;
        scraper = new TraefikScraper(traefik, timeout, new ExpositionParser(limits), new SeriesKeyPool(10_000), clock);
        List<Duration> windows = List.of(Duration.ofSeconds(10), Duration.ofSeconds(60));
        pipeline = new SignalPipeline(scraper, new WindowStore(Duration.ofSeconds(60), Duration.ofSeconds(2)),
                new SignalCalculator(windows, 0.5), new ParsedNameResolver(List.of("web", "websecure")), board,
                new SelfMetrics(registry), clock);
    }

    public PipelineHarness(URI traefik) {
        this(traefik, ParseLimits.DEFAULT, Duration.ofSeconds(2));
    }

    /** Seconds since the harness' clock started. */
    public double now() {
        return (clock.millis() - 1_700_000_000_000L) / 1000.0;
    }

    @Override
    public void close() {
        scraper.close();
    }
}
