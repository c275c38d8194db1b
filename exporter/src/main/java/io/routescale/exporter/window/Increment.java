package io.routescale.exporter.window;

import io.routescale.exporter.traefik.HistogramSample;
import io.routescale.exporter.traefik.SeriesKey;
import io.routescale.exporter.traefik.TargetSample;

import java.util.Arrays;
import java.util.Map;

/**
 * What one target did between two scrapes, computed per raw series. Three cases a counter can be in:
 * <ul>
 *   <li>it grew: the difference is the increase;</li>
 *   <li>Traefik restarted (known to {@link WindowStore} for the whole body): every counter of the new process
 *       started from zero since the last scrape, so its whole value is the increase;</li>
 *   <li>it went back while Traefik did not restart: one series gone wrong (a glitch), which is not traffic. It
 *       counts nothing and becomes the new baseline; PromQL's {@code increase()} would count it whole, which
 *       turns a counter that drops by 1 each scrape into millions of requests per second.</li>
 * </ul>
 * A series never seen before was created since (Traefik creates a series at its first request): its whole value
 * is the increase. A series seen a while ago and absent since is compared with its remembered value, so its
 * return is not new traffic.
 */
final class Increment {
    double requests;
    double serverErrors;
    double latencySum;
    double latencyCount;
    /** NaN while Traefik has never reported retries for the target. */
    double retries = Double.NaN;
    /** Cumulative bucket increments, aligned with {@link #bounds}; null when the target has no histogram. */
    double[] buckets;
    double[] bounds;
    /** Raw series of this target that went back without a Traefik restart. */
    int glitches;
    /** Every series of {@code previous} is in the current sample: none vanished, nothing to remember. */
    boolean nothingVanished;

    /**
     * @param previous  the target's last sample, null when it is new
     * @param vanished  series the target had before and not in {@code previous}, by their last values
     * @param restarted Traefik restarted since {@code previous}
     */
    static Increment between(TargetSample previous, SeriesMemory vanished, TargetSample current, boolean restarted) {
        Increment inc = new Increment();
        int matched = 0;
        for (Map.Entry<SeriesKey, Double> e : current.requests().entrySet()) {
            Double seen = previous == null ? null : previous.requests().get(e.getKey());
            matched += seen == null ? 0 : 1;
            Double before = restarted ? null : seen != null ? seen : vanished.request(e.getKey());
            double delta = inc.counterDelta(before, e.getValue());
            inc.requests += delta;
            if (e.getKey().serverError()) {
                inc.serverErrors += delta;
            }
        }
        for (Map.Entry<SeriesKey, HistogramSample> e : current.latency().entrySet()) {
            HistogramSample seen = previous == null ? null : previous.latency().get(e.getKey());
            matched += seen == null ? 0 : 1;
            HistogramSample before = restarted ? null : seen != null ? seen : vanished.latency(e.getKey());
            inc.addHistogram(before, e.getValue());
        }
        inc.nothingVanished = previous == null || matched == previous.requests().size() + previous.latency().size();
        if (!Double.isNaN(current.retries())) {
            boolean known = !restarted && previous != null && !Double.isNaN(previous.retries());
            inc.retries = inc.counterDelta(known ? previous.retries() : null, current.retries());
        }
        return inc;
    }

    private void addHistogram(HistogramSample before, HistogramSample now) {
        if (bounds == null) {
            bounds = now.upperBounds();
            buckets = new double[bounds.length];
        } else if (!Arrays.equals(bounds, now.upperBounds())) {
            // Traefik applies one bucket layout to every series; a second layout means a half-applied
            // reconfiguration. Its series are left out rather than mixed into quantiles they do not fit.
            return;
        }
        // A new layout is a new series (Traefik only changes buckets on a restart): it counts whole.
        boolean fresh = before == null || !Arrays.equals(before.upperBounds(), now.upperBounds());
        if (!fresh && wentBack(before, now)) {
            glitches++;
            return;
        }
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] += fresh ? now.cumulativeCounts()[i] : now.cumulativeCounts()[i] - before.cumulativeCounts()[i];
        }
        latencyCount += fresh ? now.count() : now.count() - before.count();
        double sumDelta = fresh ? now.sum() : now.sum() - before.sum();
        latencySum += Double.isNaN(sumDelta) ? 0 : sumDelta;
    }

    private static boolean wentBack(HistogramSample before, HistogramSample now) {
        if (now.count() < before.count() || now.sum() < before.sum()) {
            return true;
        }
        for (int i = 0; i < now.cumulativeCounts().length; i++) {
            if (now.cumulativeCounts()[i] < before.cumulativeCounts()[i]) {
                return true;
            }
        }
        return false;
    }

    /** {@code before} null: the series is new (or Traefik restarted), its whole value counts. */
    private double counterDelta(Double before, double now) {
        if (before == null) {
            return now;
        }
        if (now < before) {
            glitches++;
            return 0;
        }
        return now - before;
    }
}
