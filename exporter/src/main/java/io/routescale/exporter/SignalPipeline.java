package io.routescale.exporter;

import io.routescale.exporter.naming.NameResolver;
import io.routescale.exporter.scrape.ScrapeOutcome;
import io.routescale.exporter.scrape.TraefikScraper;
import io.routescale.exporter.expose.SelfMetrics;
import io.routescale.exporter.signal.ExporterState;
import io.routescale.exporter.signal.SignalBoard;
import io.routescale.exporter.signal.SignalCalculator;
import io.routescale.exporter.signal.SignalSet;
import io.routescale.exporter.window.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Objects;

/**
 * One cycle of the exporter: scrape, parse, window, signals, publish. A failed scrape publishes the last good
 * signals unchanged (they age towards stale) and says why; nothing from a rejected body reaches the window.
 */
public final class SignalPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(SignalPipeline.class);

    private final TraefikScraper scraper;
    private final WindowStore store;
    private final SignalCalculator calculator;
    private final NameResolver names;
    private final SignalBoard board;
    private final SelfMetrics metrics;
    private final Clock clock;

    public SignalPipeline(TraefikScraper scraper, WindowStore store, SignalCalculator calculator, NameResolver names,
                          SignalBoard board, SelfMetrics metrics, Clock clock) {
        this.scraper = scraper;
        this.store = store;
        this.calculator = calculator;
        this.names = names;
        this.board = board;
        this.metrics = metrics;
        this.clock = clock;
    }

    public synchronized ExporterState runOnce() {
        ExporterState before = board.current();
        ScrapeOutcome outcome = scraper.scrape();
        ExporterState next;
        if (outcome instanceof ScrapeOutcome.Success success) {
            WindowStore.Recorded recorded = store.record(success.snapshot());
            if (recorded.traefikRestarted()) {
                metrics.traefikRestarted();
                LOG.info("Traefik restarted since the last scrape: its counters count from zero, never as a negative rate");
            }
            if (recorded.glitchedSeries() > 0) {
                metrics.counterGlitches(recorded.glitchedSeries());
                LOG.info("{} Traefik series went backwards without a Traefik restart: counted as no traffic for this scrape",
                        recorded.glitchedSeries());
            }
            SignalSet signals = calculator.compute(store, names, success.snapshot().generation());
            next = new ExporterState(signals, true, clock.millis(), null, null);
            metrics.record(outcome, signals.backends().size(), signals.routes().size());
            if (!before.traefikUp() && before.lastAttemptMillis() > 0) {
                LOG.info("Traefik scrape recovered: {} backends, {} routes", signals.backends().size(), signals.routes().size());
            }
        } else {
            ScrapeOutcome.Failure failure = (ScrapeOutcome.Failure) outcome;
            next = new ExporterState(before.signals(), false, clock.millis(), failure.reason(), failure.message());
            metrics.record(outcome, 0, 0);
            // Log transitions, not every failed cycle: a Traefik that is down for an hour is one story.
            if (before.traefikUp() || before.lastError() != failure.reason()
                    || !Objects.equals(before.lastErrorMessage(), failure.message())) {
                LOG.warn("Traefik scrape rejected ({}): {}; keeping the last good signals, marked stale after stale-after",
                        failure.reason().label(), failure.message());
            }
        }
        board.publish(next);
        return next;
    }
}
