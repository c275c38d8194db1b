package io.routescale.exporter.window;

import io.routescale.exporter.traefik.HistogramSample;
import io.routescale.exporter.traefik.SeriesKey;
import io.routescale.exporter.traefik.TargetSample;
import io.routescale.exporter.traefik.TraefikSnapshot;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Keeps, for every backend and route, the increments of the last scrapes, enough to cover the longest window.
 * Fed one successful scrape at a time; a failed scrape feeds nothing, so missing data stays missing. Knows
 * which Traefik process each sample came from, so a restart is told from one series going wrong ({@link Increment}).
 * Targets that Traefik stops reporting are forgotten once they fall out of the longest window.
 * Not thread-safe: one scrape loop owns it.
 */
public final class WindowStore {
    private final CycleTimeline timeline;
    private final Map<TargetKind, Map<String, TargetHistory>> histories = Map.of(
            TargetKind.BACKEND, new HashMap<>(), TargetKind.ROUTE, new HashMap<>());
    /** Which Traefik process the latest scrape came from: bumped at each restart seen. */
    private long epoch;
    private double lastProcessStart = Double.NaN;

    /**
     * @param longestWindow the longest window that will be asked for
     * @param interval      the scrape interval; cycles never come faster (fixed-rate scheduling)
     */
    public WindowStore(Duration longestWindow, Duration interval) {
        int cycles = (int) Math.ceil((double) longestWindow.toMillis() / Math.max(1, interval.toMillis()));
        this.timeline = new CycleTimeline(cycles + 2);
    }

    /**
     * Adds one successful scrape as a new cycle.
     *
     * @return whether Traefik restarted since the previous scrape, and how many raw series went back without one
     */
    public Recorded record(TraefikSnapshot snapshot) {
        long previousCycle = timeline.latest();
        long previousEnd = previousCycle == 0 ? 0 : timeline.endMillis(previousCycle);
        boolean restarted = previousCycle > 0 && restarted(snapshot);
        if (restarted) {
            epoch++;
        }
        lastProcessStart = snapshot.processStartSeconds();
        long cycle = timeline.advance(snapshot.atMillis());
        int glitches = record(TargetKind.BACKEND, snapshot.backends(), cycle, previousCycle, previousEnd, snapshot.atMillis())
                + record(TargetKind.ROUTE, snapshot.routes(), cycle, previousCycle, previousEnd, snapshot.atMillis());
        return new Recorded(restarted, glitches);
    }

    /**
     * @param traefikRestarted Traefik is a new process since the previous scrape: its counters count from zero
     * @param glitchedSeries   raw series whose counter went back while Traefik did not restart; counted as nothing
     */
    public record Recorded(boolean traefikRestarted, int glitchedSeries) {
    }

    /**
     * A restart resets every counter of the process at once and changes {@code process_start_time_seconds}, which
     * Traefik (a Go process) reports. Without it on both sides: a restart is most of the request series seen in
     * both scrapes (request counters and histogram counts) going back; one series going back alone is a glitch, not a restart.
     */
    private boolean restarted(TraefikSnapshot snapshot) {
        double now = snapshot.processStartSeconds();
        if (!Double.isNaN(lastProcessStart) && !Double.isNaN(now)) {
            return now != lastProcessStart;
        }
        int compared = 0;
        int back = 0;
        for (TargetKind kind : TargetKind.values()) {
            Map<String, TargetHistory> byName = histories.get(kind);
            for (TargetSample sample : (kind == TargetKind.BACKEND ? snapshot.backends() : snapshot.routes()).values()) {
                TargetHistory history = byName.get(sample.name());
                if (history == null || history.last == null || history.lastEpoch != epoch) {
                    continue;
                }
                for (Map.Entry<SeriesKey, Double> e : sample.requests().entrySet()) {
                    Double before = history.last.requests().get(e.getKey());
                    if (before != null) {
                        compared++;
                        back += e.getValue() < before ? 1 : 0;
                    }
                }
                for (Map.Entry<SeriesKey, HistogramSample> e : sample.latency().entrySet()) {
                    HistogramSample before = history.last.latency().get(e.getKey());
                    if (before != null) {
                        compared++;
                        back += e.getValue().count() < before.count() ? 1 : 0;
                    }
                }
            }
        }
        return compared > 0 && 2 * back > compared;
    }

    private int record(TargetKind kind, Map<String, TargetSample> samples, long cycle, long previousCycle,
                       long previousEnd, long now) {
        int glitches = 0;
        Map<String, TargetHistory> byName = histories.get(kind);
        for (TargetSample sample : samples.values()) {
            TargetHistory history = byName.get(sample.name());
            if (history == null) {
                history = new TargetHistory(timeline.capacity());
                byName.put(sample.name(), history);
            }
            // Last seen in another Traefik process: nothing it counted then says anything about now.
            boolean restarted = history.last != null && history.lastEpoch != epoch;
            if (restarted) {
                history.vanished.clear();
            }
            // On the exporter's very first scrape nothing is known of the past: values are a baseline only.
            boolean nothingVanished = true;
            if (previousCycle > 0) {
                long spanStart = history.last != null && timeline.holds(history.lastSeenCycle)
                        ? timeline.endMillis(history.lastSeenCycle) : previousEnd;
                Increment increment = Increment.between(history.last, history.vanished, sample, restarted);
                glitches += increment.glitches;
                nothingVanished = increment.nothingVanished;
                history.put(cycle, (now - spanStart) / 1000.0, increment, sample);
            }
            history.vanished.update(restarted ? null : history.last, history.lastSeenCycle, sample, nothingVanished, timeline);
            history.last = sample;
            history.lastSeenCycle = cycle;
            history.lastEpoch = epoch;
        }
        for (Iterator<TargetHistory> it = byName.values().iterator(); it.hasNext(); ) {
            if (!timeline.holds(it.next().lastSeenCycle)) {
                it.remove();
            }
        }
        return glitches;
    }

    /** Names of the targets of {@code kind} present in the latest scrape. */
    public Set<String> current(TargetKind kind) {
        long latest = timeline.latest();
        Set<String> names = new java.util.TreeSet<>();
        histories.get(kind).forEach((name, h) -> {
            if (h.lastSeenCycle == latest) {
                names.add(name);
            }
        });
        return names;
    }

    /** The latest scrape of a target, or null when it is not in the latest scrape. */
    public TargetSample latestSample(TargetKind kind, String name) {
        TargetHistory h = histories.get(kind).get(name);
        return h == null || h.lastSeenCycle != timeline.latest() ? null : h.last;
    }

    /** When the latest cycle ended (epoch ms), 0 before the first scrape. */
    public long latestCycleMillis() {
        return timeline.latest() == 0 ? 0 : timeline.endMillis(timeline.latest());
    }

    /**
     * Sums of the increments that ended within {@code window} before the latest cycle, or null when the target
     * is not in the latest scrape or has no increment yet.
     */
    public WindowTotals totals(TargetKind kind, String name, Duration window) {
        TargetHistory h = histories.get(kind).get(name);
        long latest = timeline.latest();
        if (h == null || h.lastSeenCycle != latest || !h.has(latest)) {
            return null;
        }
        double windowSeconds = window.toMillis() / 1000.0;
        long from = timeline.endMillis(latest) - window.toMillis();
        double span = 0;
        double requests = 0;
        double errors = 0;
        double latencySum = 0;
        double latencyCount = 0;
        double retries = Double.NaN;
        double openSum = 0;
        int openSamples = 0;
        double[] buckets = h.bounds() == null ? null : new double[h.bucketCount()];
        for (long c = latest; timeline.holds(c) && timeline.endMillis(c) > from; c--) {
            if (!h.has(c)) {
                continue;
            }
            span += h.get(c, TargetHistory.SPAN);
            requests += h.get(c, TargetHistory.REQUESTS);
            errors += h.get(c, TargetHistory.SERVER_ERRORS);
            latencySum += h.get(c, TargetHistory.LATENCY_SUM);
            latencyCount += h.get(c, TargetHistory.LATENCY_COUNT);
            float r = h.get(c, TargetHistory.RETRIES);
            if (!Float.isNaN(r)) {
                retries = Double.isNaN(retries) ? r : retries + r;
            }
            float open = h.get(c, TargetHistory.OPEN_CONNECTIONS);
            if (!Float.isNaN(open)) {
                openSum += open;
                openSamples++;
            }
            if (buckets != null) {
                for (int b = 0; b < buckets.length; b++) {
                    buckets[b] += h.bucket(c, b);
                }
            }
        }
        int reported = (int) h.get(latest, TargetHistory.SERVERS_REPORTED);
        int up = reported == 0 ? -1 : (int) h.get(latest, TargetHistory.SERVERS_UP);
        return new WindowTotals(windowSeconds, span, requests, errors, latencySum, latencyCount, retries,
                h.bounds(), buckets, openSamples == 0 ? Double.NaN : openSum / openSamples, up, reported);
    }
}
