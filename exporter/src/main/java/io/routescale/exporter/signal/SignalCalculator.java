package io.routescale.exporter.signal;

import io.routescale.signals.InflightSource;

import io.routescale.signals.TargetSignals;

import io.routescale.signals.WindowSignals;

import io.routescale.exporter.naming.NameResolver;
import io.routescale.exporter.naming.ResolvedName;
import io.routescale.exporter.traefik.TargetSample;
import io.routescale.exporter.traefik.TraefikGeneration;
import io.routescale.exporter.window.TargetKind;
import io.routescale.exporter.window.WindowStore;
import io.routescale.exporter.window.WindowTotals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Turns the window sums of every current target into {@link SignalSet}s. Stateless. */
public final class SignalCalculator {
    private final List<Duration> windows;
    /** The windows' labels, made once: {@code 10s} per target per window per cycle would be garbage. */
    private final List<String> labels;
    private final double minCoverage;

    /**
     * @param windows     windows to compute, fastest first
     * @param minCoverage share of a window that scrapes must cover before its signals are published
     */
    public SignalCalculator(List<Duration> windows, double minCoverage) {
        this.windows = List.copyOf(windows);
        this.labels = this.windows.stream().map(SignalCalculator::label).toList();
        this.minCoverage = minCoverage;
    }

    public SignalSet compute(WindowStore store, NameResolver names, TraefikGeneration generation) {
        return new SignalSet(store.latestCycleMillis(), generation,
                targets(store, TargetKind.BACKEND, names), targets(store, TargetKind.ROUTE, names));
    }

    private List<TargetSignals> targets(WindowStore store, TargetKind kind, NameResolver names) {
        List<TargetSignals> out = new ArrayList<>();
        for (String name : store.current(kind)) {
            TargetSample latest = store.latestSample(kind, name);
            ResolvedName resolved = kind == TargetKind.BACKEND ? names.backend(name) : names.route(name);
            List<WindowSignals> perWindow = new ArrayList<>(windows.size());
            for (int w = 0; w < windows.size(); w++) {
                perWindow.add(window(labels.get(w), store.totals(kind, name, windows.get(w))));
            }
            boolean health = latest.serversReported() > 0;
            out.add(new TargetSignals(name, latest.service(), resolved.namespace(), resolved.name(),
                    resolved.resolution(), List.copyOf(perWindow),
                    health ? latest.serversUp() : null, health ? latest.serversReported() : null));
        }
        return List.copyOf(out);
    }

    /** Signals of one window; every value null when the data covers too little of it. */
    WindowSignals window(String label, WindowTotals t) {
        if (t == null || t.spanSeconds() <= 0 || t.coverage() < minCoverage) {
            return new WindowSignals(label, t == null ? 0 : t.coverage(), null, null, null, null, null, null, null,
                    null, null);
        }
        double rps = t.requests() / t.spanSeconds();
        Double errorRatio = t.requests() > 0 ? t.serverErrors() / t.requests() : null;
        Double mean = t.latencyCount() > 0 ? t.latencySum() / t.latencyCount() : null;
        Double p50 = quantile(0.5, t);
        Double p90 = quantile(0.9, t);
        Double p99 = quantile(0.99, t);
        Double inflight;
        InflightSource source;
        if (!Double.isNaN(t.openConnections())) {
            inflight = t.openConnections();
            source = InflightSource.GAUGE;
        } else {
            // Little's law; with no request in the window the system held no request on average.
            if (mean != null) {
                inflight = rps * mean;
            } else if (t.requests() == 0) {
                inflight = 0.0;
            } else {
                inflight = null;
            }
            source = inflight == null ? null : InflightSource.LITTLES_LAW;
        }
        Double retries = Double.isNaN(t.retries()) ? null : t.retries() / t.spanSeconds();
        return new WindowSignals(label, t.coverage(), rps, errorRatio, p50, p90, p99, mean, inflight, source, retries);
    }

    private static Double quantile(double q, WindowTotals t) {
        if (t.bucketBounds() == null) {
            return null;
        }
        double v = HistogramQuantile.quantile(q, t.bucketBounds(), t.bucketCounts());
        return Double.isNaN(v) ? null : v;
    }

    /** {@code 10s}, {@code 60s}: whole seconds, as the {@code window} label. */
    public static String label(Duration window) {
        long millis = window.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
    }
}
