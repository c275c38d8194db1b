package io.routescale.exporter.expose;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.routescale.exporter.parse.RejectReason;
import io.routescale.exporter.scrape.ScrapeOutcome;

/** The exporter's metrics about itself: how scraping Traefik goes. */
public final class SelfMetrics {
    private final Counter scrapes;
    private final Counter errors;
    private final Counter restarts;
    private final Counter glitches;
    private final Histogram duration;
    private final Gauge bytes;
    private final Gauge samples;
    private final Gauge targets;

    public SelfMetrics(PrometheusRegistry registry) {
        scrapes = Counter.builder().name("routescale_exporter_scrapes_total")
                .help("Scrapes of Traefik attempted, successful or not.").register(registry);
        errors = Counter.builder().name("routescale_exporter_scrape_errors_total")
                .help("Scrapes of Traefik rejected, by reason; the last good signals are kept and marked stale.")
                .labelNames("reason").register(registry);
        for (RejectReason reason : RejectReason.values()) {
            errors.initLabelValues(reason.label());
        }
        restarts = Counter.builder().name("routescale_exporter_traefik_restarts_total")
                .help("Traefik restarts seen between scrapes (process_start_time_seconds changed, or most counters went back); the new counters count from zero, never as a negative rate.")
                .register(registry);
        glitches = Counter.builder().name("routescale_exporter_series_glitches_total")
                .help("Raw Traefik series whose counter went backwards while Traefik did not restart; such a scrape counts nothing for the series.")
                .register(registry);
        duration = Histogram.builder().name("routescale_exporter_scrape_duration_seconds")
                .help("Time to fetch and parse one Traefik /metrics body.").unit(Unit.SECONDS)
                .classicOnly().classicUpperBounds(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
                .register(registry);
        bytes = Gauge.builder().name("routescale_exporter_scrape_body_bytes")
                .help("Size of the last successful Traefik /metrics body.").unit(Unit.BYTES).register(registry);
        samples = Gauge.builder().name("routescale_exporter_scrape_samples")
                .help("Sample lines (series) in the last successful Traefik /metrics body.").register(registry);
        targets = Gauge.builder().name("routescale_exporter_targets")
                .help("Backends and routes in the last successful scrape.").labelNames("kind").register(registry);
    }

    public void traefikRestarted() {
        restarts.inc();
    }

    public void counterGlitches(int series) {
        glitches.inc(series);
    }

    public void record(ScrapeOutcome outcome, int backends, int routes) {
        scrapes.inc();
        duration.observe(outcome.durationSeconds());
        if (outcome instanceof ScrapeOutcome.Success s) {
            bytes.set(s.stats().bytes());
            samples.set(s.stats().samples());
            targets.labelValues("backend").set(backends);
            targets.labelValues("route").set(routes);
        } else if (outcome instanceof ScrapeOutcome.Failure f) {
            errors.labelValues(f.reason().label()).inc();
        }
    }
}
