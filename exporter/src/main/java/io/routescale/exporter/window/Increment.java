package io.routescale.exporter.window;

import io.routescale.exporter.traefik.HistogramSample;
import io.routescale.exporter.traefik.SeriesKey;
import io.routescale.exporter.traefik.TargetSample;

import java.util.Arrays;
import java.util.Map;

/**
 * What one target did between two scrapes, computed per raw series the way PromQL {@code increase()} treats
 * counters: a value below the previous one means the counter was reset (Traefik restarted) and the whole new
 * value is the increase, so a restart never yields a negative or a spike. A series absent from the previous
 * scrape was created since (Traefik creates a series at its first request and deletes it with its router or
 * service), so its whole value is the increase.
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
    /** A counter of the target went backwards since the previous sample: Traefik restarted (or reset it). */
    boolean reset;

    /** {@code previous} may be null: the target is new since the last scrape. */
    static Increment between(TargetSample previous, TargetSample current) {
        Increment inc = new Increment();
        for (Map.Entry<SeriesKey, Double> e : current.requests().entrySet()) {
            Double before = previous == null ? null : previous.requests().get(e.getKey());
            double delta = counterDelta(before == null ? 0 : before, e.getValue());
            inc.reset |= before != null && e.getValue() < before;
            inc.requests += delta;
            if (e.getKey().serverError()) {
                inc.serverErrors += delta;
            }
        }
        for (Map.Entry<SeriesKey, HistogramSample> e : current.latency().entrySet()) {
            HistogramSample before = previous == null ? null : previous.latency().get(e.getKey());
            inc.addHistogram(before, e.getValue());
        }
        if (!Double.isNaN(current.retries())) {
            double before = previous == null || Double.isNaN(previous.retries()) ? 0 : previous.retries();
            inc.retries = counterDelta(before, current.retries());
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
        boolean reset = before == null
                || !Arrays.equals(before.upperBounds(), now.upperBounds())
                || now.count() < before.count()
                || now.sum() < before.sum();
        for (int i = 0; i < buckets.length && !reset; i++) {
            reset = now.cumulativeCounts()[i] < before.cumulativeCounts()[i];
        }
        this.reset |= reset && before != null;
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] += reset ? now.cumulativeCounts()[i] : now.cumulativeCounts()[i] - before.cumulativeCounts()[i];
        }
        latencyCount += reset ? now.count() : now.count() - before.count();
        double sumDelta = reset ? now.sum() : now.sum() - before.sum();
        latencySum += Double.isNaN(sumDelta) ? 0 : sumDelta;
    }

    private static double counterDelta(double before, double now) {
        return now >= before ? now - before : now;
    }
}
