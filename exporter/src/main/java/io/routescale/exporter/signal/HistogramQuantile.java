package io.routescale.exporter.signal;

/**
 * The φ-quantile of a classic histogram, by the same rule as PromQL {@code histogram_quantile}
 * (prometheus/promql/quantile.go, {@code bucketQuantile}): find the bucket holding rank φ·count and
 * interpolate linearly inside it, assuming observations spread evenly within a bucket. So that a dashboard
 * beside routescale shows the same figure:
 * <ul>
 *   <li>a rank in the +Inf bucket answers the highest finite upper bound;</li>
 *   <li>the lowest bucket interpolates from 0 (unless its upper bound is ≤ 0, which is then the answer);</li>
 *   <li>no observations, fewer than two buckets or no +Inf bucket: NaN (undefined, never 0);</li>
 *   <li>cumulative counts that dip (float noise) are made monotonic first, as PromQL does.</li>
 * </ul>
 */
public final class HistogramQuantile {
    private HistogramQuantile() {
    }

    /**
     * @param q           the quantile, 0 to 1
     * @param upperBounds ascending, last is +Inf
     * @param cumulative  cumulative counts per bound
     */
    public static double quantile(double q, double[] upperBounds, double[] cumulative) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        int n = upperBounds.length;
        if (n < 2 || upperBounds[n - 1] != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        // Counts made monotone as PromQL makes them (a lower count than the bucket below reads as that one's), on
        // the fly: this runs three times per window per target every cycle, so it allocates nothing.
        double observations = cumulative[0];
        for (int i = 1; i < n; i++) {
            observations = monotone(observations, cumulative[i]);
        }
        if (!(observations > 0)) {
            return Double.NaN;
        }
        double rank = q * observations;
        int b = 0;
        double below = 0;
        double at = cumulative[0];
        while (b < n - 1 && at < rank) {
            below = at;
            b++;
            at = monotone(at, cumulative[b]);
        }
        if (b == n - 1) {
            return upperBounds[n - 2];
        }
        if (b == 0 && upperBounds[0] <= 0) {
            return upperBounds[0];
        }
        double bucketStart = 0;
        double bucketEnd = upperBounds[b];
        double count = at;
        if (b > 0) {
            bucketStart = upperBounds[b - 1];
            count -= below;
            rank -= below;
        }
        return bucketStart + (bucketEnd - bucketStart) * (rank / count);
    }

    /** The bucket's count made monotone: never below the one under it (a NaN stays, as PromQL's comparison leaves it). */
    private static double monotone(double previous, double current) {
        return current < previous ? previous : current;
    }
}
