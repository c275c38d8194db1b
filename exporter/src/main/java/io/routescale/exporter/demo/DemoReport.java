package io.routescale.exporter.demo;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.routescale.exporter.signal.ExporterState;
import io.routescale.exporter.signal.SignalBoard;
import io.routescale.signals.TargetSignals;
import io.routescale.signals.WindowSignals;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/** In the demo, prints the fast-window signals of every backend every 10 s, so there is something to watch. */
@Singleton
@Requires(env = "demo")
public class DemoReport {
    private static final Logger LOG = LoggerFactory.getLogger(DemoReport.class);
    private final SignalBoard board;

    public DemoReport(SignalBoard board) {
        this.board = board;
    }

    @Scheduled(fixedDelay = "10s", initialDelay = "10s")
    void report() {
        ExporterState state = board.current();
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "traefik up=%s, %d backends%n",
                state.traefikUp(), state.signals().backends().size()));
        table.append(String.format(Locale.ROOT, "  %-40s %6s %8s %8s %8s %8s %9s%n",
                "backend", "window", "rps", "errors", "p50 s", "p99 s", "inflight"));
        for (TargetSignals t : state.signals().backends()) {
            for (WindowSignals w : t.windows()) {
                table.append(String.format(Locale.ROOT, "  %-40s %6s %8s %8s %8s %8s %9s%n", t.traefikName(), w.window(),
                        fmt(w.requestsPerSecond()), fmt(w.errorRatio()), fmt(w.latencyP50Seconds()),
                        fmt(w.latencyP99Seconds()), fmt(w.inflightRequests())));
            }
        }
        LOG.info("signals (absent = not enough data yet):\n{}", table);
    }

    private static String fmt(Double v) {
        return v == null ? "absent" : String.format(Locale.ROOT, "%.3f", v);
    }
}
