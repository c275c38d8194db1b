package io.routescale.exporter.expose;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import io.routescale.exporter.signal.ExporterState;
import io.routescale.exporter.signal.SignalBoard;
import io.routescale.signals.TargetSignals;
import io.routescale.signals.WindowSignals;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The reference for {@link SignalExposition}: the same families built with client_java's own model (a
 * {@code MultiCollector} of gauge and summary snapshots), as the exporter published them before it streamed
 * them. {@code SignalExpositionTest} checks that client_java's writer gives the same text for both.
 */
public final class ClientJavaSignalCollector implements MultiCollector {
    private static final String[] BACKEND_LABELS = {"namespace", "service", "traefik_service", "resolution"};
    private static final String[] ROUTE_LABELS = {"namespace", "route", "traefik_router", "traefik_service", "resolution"};


    private final SignalBoard board;
    private final Clock clock;
    private final long staleAfterMillis;

    public ClientJavaSignalCollector(SignalBoard board, Clock clock, Duration staleAfter) {
        this.board = board;
        this.clock = clock;
        this.staleAfterMillis = staleAfter.toMillis();
    }

    @Override
    public MetricSnapshots collect() {
        ExporterState state = board.current();
        long now = clock.millis();
        List<MetricSnapshot> out = new ArrayList<>();
        out.add(gauge("routescale_traefik_up", "1 when the latest scrape of Traefik succeeded, else 0.", null,
                point(Labels.EMPTY, state.traefikUp() ? 1 : 0)));
        if (state.hasSignals()) {
            out.add(gauge("routescale_traefik_last_success_timestamp_seconds",
                    "When Traefik was last scraped successfully (Unix time).", Unit.SECONDS,
                    point(Labels.EMPTY, state.signals().atMillis() / 1000.0)));
            out.add(gauge("routescale_signals_age_seconds",
                    "Age of the data behind the routescale_* signals; past stale-after they are withdrawn.",
                    Unit.SECONDS, point(Labels.EMPTY, state.ageSeconds(now))));
        }
        if (state.hasSignals() && now - state.signals().atMillis() <= staleAfterMillis) {
            targetFamilies(out, "routescale_backend_", "backend", state.signals().backends(), this::backendLabels);
            targetFamilies(out, "routescale_route_", "route", state.signals().routes(), this::routeLabels);
            serverFamilies(out, state.signals().backends());
        }
        return new MetricSnapshots(out);
    }

    private Labels backendLabels(TargetSignals t) {
        return Labels.of(BACKEND_LABELS, new String[] {t.namespace(), t.name(), t.traefikName(), t.resolution().label()});
    }

    private Labels routeLabels(TargetSignals t) {
        String service = t.traefikService() == null ? "" : t.traefikService();
        return Labels.of(ROUTE_LABELS,
                new String[] {t.namespace(), t.name(), t.traefikName(), service, t.resolution().label()});
    }

    private void targetFamilies(List<MetricSnapshot> out, String prefix, String noun, List<TargetSignals> targets,
                                Function<TargetSignals, Labels> labelsOf) {
        List<GaugeDataPointSnapshot> rps = new ArrayList<>();
        List<GaugeDataPointSnapshot> errors = new ArrayList<>();
        List<SummaryDataPointSnapshot> quantiles = new ArrayList<>();
        List<GaugeDataPointSnapshot> mean = new ArrayList<>();
        List<GaugeDataPointSnapshot> inflight = new ArrayList<>();
        List<GaugeDataPointSnapshot> retries = new ArrayList<>();
        List<GaugeDataPointSnapshot> coverage = new ArrayList<>();
        for (TargetSignals t : targets) {
            Labels base = labelsOf.apply(t);
            for (WindowSignals w : t.windows()) {
                Labels labels = base.add("window", w.window());
                coverage.add(point(labels, w.coverage()));
                addIfPresent(rps, labels, w.requestsPerSecond());
                addIfPresent(errors, labels, w.errorRatio());
                if (w.latencyP50Seconds() != null) {
                    quantiles.add(SummaryDataPointSnapshot.builder().labels(labels).quantiles(Quantiles.of(
                            new Quantile(0.5, w.latencyP50Seconds()), new Quantile(0.9, w.latencyP90Seconds()),
                            new Quantile(0.99, w.latencyP99Seconds()))).build());
                }
                addIfPresent(mean, labels, w.latencyMeanSeconds());
                if (w.inflightSource() != null) {
                    addIfPresent(inflight, labels.add("source", w.inflightSource().label()), w.inflightRequests());
                }
                addIfPresent(retries, labels, w.retriesPerSecond());
            }
        }
        out.add(gauge(prefix + "requests_per_second",
                "Requests per second to the " + noun + " over the window, every status code.", null, rps));
        out.add(gauge(prefix + "error_ratio",
                "Share of the " + noun + "'s responses that were 5xx over the window (499 is the client's, not an error); absent without requests.",
                Unit.RATIO, errors));
        // A summary, as windowed quantiles are; without _count/_sum, which would have to go down as the
        // window slides and so could not be the counters a summary's _count/_sum must be.
        SummarySnapshot.Builder latency = SummarySnapshot.builder().name(prefix + "latency_seconds").unit(Unit.SECONDS)
                .help("Latency quantiles of the " + noun + " over the window, from histogram bucket increments by the PromQL histogram_quantile rule; absent without requests.");
        quantiles.forEach(latency::dataPoint);
        out.add(latency.build());
        out.add(gauge(prefix + "latency_mean_seconds",
                "Mean latency of the " + noun + " over the window; absent without requests.", Unit.SECONDS, mean));
        out.add(gauge(prefix + "inflight_requests",
                "Requests in flight at the " + noun + " over the window: source=gauge is Traefik v2's open-connections gauge, source=littles_law an estimate (rate x mean latency) where Traefik v3 has no gauge.",
                null, inflight));
        if (prefix.startsWith("routescale_backend")) {
            out.add(gauge(prefix + "retries_per_second",
                    "Retries per second by Traefik's retry middleware over the window; absent while Traefik reports none.",
                    null, retries));
        }
        out.add(gauge(prefix + "window_coverage_ratio",
                "Share of the window covered by successful scrapes; below min-window-coverage the window's signals are absent.",
                Unit.RATIO, coverage));
    }

    private void serverFamilies(List<MetricSnapshot> out, List<TargetSignals> backends) {
        List<GaugeDataPointSnapshot> up = new ArrayList<>();
        List<GaugeDataPointSnapshot> known = new ArrayList<>();
        for (TargetSignals t : backends) {
            if (t.serversReported() != null) {
                Labels labels = backendLabels(t);
                up.add(point(labels, t.serversUp()));
                known.add(point(labels, t.serversReported()));
            }
        }
        out.add(gauge("routescale_backend_servers_up",
                "Servers of the backend that pass Traefik's health check; absent without a health check.", null, up));
        out.add(gauge("routescale_backend_servers",
                "Servers of the backend under Traefik's health check.", null, known));
    }

    private static void addIfPresent(List<GaugeDataPointSnapshot> points, Labels labels, Double value) {
        if (value != null && !value.isNaN()) {
            points.add(point(labels, value));
        }
    }

    private static GaugeDataPointSnapshot point(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    private static GaugeSnapshot gauge(String name, String help, Unit unit, GaugeDataPointSnapshot point) {
        return gauge(name, help, unit, List.of(point));
    }

    private static GaugeSnapshot gauge(String name, String help, Unit unit, List<GaugeDataPointSnapshot> points) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        if (unit != null) {
            b.unit(unit);
        }
        points.forEach(b::dataPoint);
        return b.build();
    }
}
