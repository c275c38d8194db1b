package io.routescale.exporter.expose;

import io.routescale.exporter.signal.ExporterState;
import io.routescale.exporter.signal.SignalBoard;
import io.routescale.http.StreamedFamilies;
import io.routescale.http.TextFormatStream;
import io.routescale.signals.TargetSignals;
import io.routescale.signals.WindowSignals;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Publishes the latest {@link io.routescale.exporter.signal.SignalSet} as Prometheus gauges and summaries,
 * written sample by sample from the immutable state into each {@code /metrics} answer.
 *
 * <p>Not a client_java collector: at 10,000 targets its families are 360,000 samples, which client_java would
 * build as snapshot objects and then buffer whole as text (tens of MB at once, beside a scrape of Traefik, in
 * the sidecar's 128 MB heap). Streamed, they cost one 64 KB buffer. {@code SignalExpositionTest} checks that
 * the text is what client_java writes for the same families.
 *
 * <p>Missing data is absent, not zero: a signal with no value is not written, and when the signals are older
 * than {@code stale-after} (Traefik unreachable, bodies rejected) no signal series is written at all, so
 * Prometheus marks them stale and nothing downstream reads yesterday's load as today's.
 * {@code routescale_traefik_up} and {@code routescale_signals_age_seconds} say why.
 */
public final class SignalExposition implements StreamedFamilies {
    private static final String GAUGE = "gauge";

    private final SignalBoard board;
    private final Clock clock;
    private final long staleAfterMillis;

    public SignalExposition(SignalBoard board, Clock clock, Duration staleAfter) {
        this.board = board;
        this.clock = clock;
        this.staleAfterMillis = staleAfter.toMillis();
    }

    @Override
    public void writeTo(TextFormatStream out) throws IOException {
        ExporterState state = board.current();
        long now = clock.millis();
        scalar(out, "routescale_traefik_up", "1 when the latest scrape of Traefik succeeded, else 0.",
                state.traefikUp() ? 1 : 0);
        if (!state.hasSignals()) {
            return;
        }
        scalar(out, "routescale_traefik_last_success_timestamp_seconds",
                "When Traefik was last scraped successfully (Unix time).", state.signals().atMillis() / 1000.0);
        scalar(out, "routescale_signals_age_seconds",
                "Age of the data behind the routescale_* signals; past stale-after they are withdrawn.",
                state.ageSeconds(now));
        if (now - state.signals().atMillis() <= staleAfterMillis) {
            targetFamilies(out, TargetKind.BACKEND, state.signals().backends());
            targetFamilies(out, TargetKind.ROUTE, state.signals().routes());
            serverFamilies(out, state.signals().backends());
        }
    }

    private static void scalar(TextFormatStream out, String name, String help, double value) throws IOException {
        out.family(name, GAUGE, help);
        out.sample(name);
        out.value(value);
    }

    private static void targetFamilies(TextFormatStream out, TargetKind kind, List<TargetSignals> targets)
            throws IOException {
        String noun = kind.noun;
        windowGauge(out, kind, targets, "requests_per_second",
                "Requests per second to the " + noun + " over the window, every status code.",
                WindowSignals::requestsPerSecond);
        windowGauge(out, kind, targets, "error_ratio",
                "Share of the " + noun + "'s responses that were 5xx over the window (499 is the client's, not an error); absent without requests.",
                WindowSignals::errorRatio);
        latencyQuantiles(out, kind, targets);
        windowGauge(out, kind, targets, "latency_mean_seconds",
                "Mean latency of the " + noun + " over the window; absent without requests.",
                WindowSignals::latencyMeanSeconds);
        inflight(out, kind, targets);
        if (kind == TargetKind.BACKEND) {
            windowGauge(out, kind, targets, "retries_per_second",
                    "Retries per second by Traefik's retry middleware over the window; absent while Traefik reports none.",
                    WindowSignals::retriesPerSecond);
        }
        windowGauge(out, kind, targets, "window_coverage_ratio",
                "Share of the window covered by successful scrapes; below min-window-coverage the window's signals are absent.",
                WindowSignals::coverage);
    }

    private static void windowGauge(TextFormatStream out, TargetKind kind, List<TargetSignals> targets, String suffix,
                                    String help, Function<WindowSignals, Double> signal) throws IOException {
        String name = kind.prefix + suffix;
        out.family(name, GAUGE, help);
        for (TargetSignals t : targets) {
            for (WindowSignals w : t.windows()) {
                Double value = signal.apply(w);
                if (present(value)) {
                    kind.start(out, name, t, null);
                    out.label("window", w.window());
                    out.value(value);
                }
            }
        }
    }

    /**
     * A summary, as windowed quantiles are; without _count/_sum, which would have to go down as the window
     * slides and so could not be the counters a summary's _count/_sum must be.
     */
    private static void latencyQuantiles(TextFormatStream out, TargetKind kind, List<TargetSignals> targets)
            throws IOException {
        String name = kind.prefix + "latency_seconds";
        out.family(name, "summary", "Latency quantiles of the " + kind.noun
                + " over the window, from histogram bucket increments by the PromQL histogram_quantile rule; absent without requests.");
        for (TargetSignals t : targets) {
            for (WindowSignals w : t.windows()) {
                if (w.latencyP50Seconds() != null) {
                    quantile(out, kind, name, t, w, "0.5", w.latencyP50Seconds());
                    quantile(out, kind, name, t, w, "0.9", w.latencyP90Seconds());
                    quantile(out, kind, name, t, w, "0.99", w.latencyP99Seconds());
                }
            }
        }
    }

    private static void quantile(TextFormatStream out, TargetKind kind, String name, TargetSignals t, WindowSignals w,
                                 String quantile, double value) throws IOException {
        kind.start(out, name, t, null);
        out.label("window", w.window());
        out.label("quantile", quantile);
        out.value(value);
    }

    private static void inflight(TextFormatStream out, TargetKind kind, List<TargetSignals> targets) throws IOException {
        String name = kind.prefix + "inflight_requests";
        out.family(name, GAUGE, "Requests in flight at the " + kind.noun
                + " over the window: source=gauge is Traefik v2's open-connections gauge, source=littles_law an estimate (rate x mean latency) where Traefik v3 has no gauge.");
        for (TargetSignals t : targets) {
            for (WindowSignals w : t.windows()) {
                if (w.inflightSource() != null && present(w.inflightRequests())) {
                    kind.start(out, name, t, w.inflightSource().label());
                    out.label("window", w.window());
                    out.value(w.inflightRequests());
                }
            }
        }
    }

    private static void serverFamilies(TextFormatStream out, List<TargetSignals> backends) throws IOException {
        serverGauge(out, backends, "routescale_backend_servers_up",
                "Servers of the backend that pass Traefik's health check; absent without a health check.", true);
        serverGauge(out, backends, "routescale_backend_servers",
                "Servers of the backend under Traefik's health check.", false);
    }

    private static void serverGauge(TextFormatStream out, List<TargetSignals> backends, String name, String help,
                                    boolean up) throws IOException {
        out.family(name, GAUGE, help);
        for (TargetSignals t : backends) {
            if (t.serversReported() != null) {
                TargetKind.BACKEND.start(out, name, t, null);
                out.value(up ? t.serversUp() : t.serversReported());
            }
        }
    }

    private static boolean present(Double value) {
        return value != null && !value.isNaN();
    }

    /** A target's identifying labels, in client_java's order (sorted by name; {@code window} sorts last). */
    private enum TargetKind {
        BACKEND("routescale_backend_", "backend") {
            @Override
            void labels(TextFormatStream out, TargetSignals t, String source) throws IOException {
                out.label("namespace", t.namespace());
                out.label("resolution", t.resolution().label());
                out.label("service", t.name());
                if (source != null) {
                    out.label("source", source);
                }
                out.label("traefik_service", t.traefikName());
            }
        },
        ROUTE("routescale_route_", "route") {
            @Override
            void labels(TextFormatStream out, TargetSignals t, String source) throws IOException {
                out.label("namespace", t.namespace());
                out.label("resolution", t.resolution().label());
                out.label("route", t.name());
                if (source != null) {
                    out.label("source", source);
                }
                out.label("traefik_router", t.traefikName());
                out.label("traefik_service", t.traefikService() == null ? "" : t.traefikService());
            }
        };

        final String prefix;
        final String noun;

        TargetKind(String prefix, String noun) {
            this.prefix = prefix;
            this.noun = noun;
        }

        void start(TextFormatStream out, String name, TargetSignals t, String source) throws IOException {
            out.sample(name);
            labels(out, t, source);
        }

        abstract void labels(TextFormatStream out, TargetSignals t, String source) throws IOException;
    }
}
