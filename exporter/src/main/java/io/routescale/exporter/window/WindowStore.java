package io.routescale.exporter.window;

import io.routescale.exporter.traefik.TargetSample;
import io.routescale.exporter.traefik.TraefikSnapshot;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Keeps, for every backend and route, the increments of the last scrapes, enough to cover the longest window.
 * Fed one successful scrape at a time; a failed scrape feeds nothing, so missing data stays missing.
 * Targets that Traefik stops reporting are forgotten once they fall out of the longest window.
 * Not thread-safe: one scrape loop owns it.
 */
public final class WindowStore {
    private final CycleTimeline timeline;
    private final Map<TargetKind, Map<String, TargetHistory>> histories = Map.of(
            TargetKind.BACKEND, new HashMap<>(), TargetKind.ROUTE, new HashMap<>());

    /**
     * @param longestWindow the longest window that will be asked for
     * @param interval      the scrape interval; cycles never come faster (fixed-rate scheduling)
     */
    public WindowStore(Duration longestWindow, Duration interval) {
        int cycles = (int) Math.ceil((double) longestWindow.toMillis() / Math.max(1, interval.toMillis()));
        this.timeline = new CycleTimeline(cycles + 2);
    }

    /** Adds one successful scrape as a new cycle; answers how many targets' counters went backwards in it. */
    public int record(TraefikSnapshot snapshot) {
        long previousCycle = timeline.latest();
        long previousEnd = previousCycle == 0 ? 0 : timeline.endMillis(previousCycle);
        long cycle = timeline.advance(snapshot.atMillis());
        return record(TargetKind.BACKEND, snapshot.backends(), cycle, previousCycle, previousEnd, snapshot.atMillis())
                + record(TargetKind.ROUTE, snapshot.routes(), cycle, previousCycle, previousEnd, snapshot.atMillis());
    }

    private int record(TargetKind kind, Map<String, TargetSample> samples, long cycle, long previousCycle,
                       long previousEnd, long now) {
        int resets = 0;
        Map<String, TargetHistory> byName = histories.get(kind);
        for (TargetSample sample : samples.values()) {
            TargetHistory history = byName.get(sample.name());
            if (history == null) {
                history = new TargetHistory(timeline.capacity());
                byName.put(sample.name(), history);
            }
            // On the exporter's very first scrape nothing is known of the past: values are a baseline only.
            if (previousCycle > 0) {
                long spanStart = history.last != null && timeline.holds(history.lastSeenCycle)
                        ? timeline.endMillis(history.lastSeenCycle) : previousEnd;
                Increment increment = Increment.between(history.last, sample);
                resets += increment.reset ? 1 : 0;
                history.put(cycle, (now - spanStart) / 1000.0, increment, sample);
            }
            history.last = sample;
            history.lastSeenCycle = cycle;
        }
        for (Iterator<TargetHistory> it = byName.values().iterator(); it.hasNext(); ) {
            if (!timeline.holds(it.next().lastSeenCycle)) {
                it.remove();
            }
        }
        return resets;
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
