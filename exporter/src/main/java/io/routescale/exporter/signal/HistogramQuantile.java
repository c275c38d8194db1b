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
        double[] counts = cumulative.clone();
        for (int i = 1; i < n; i++) {
            if (counts[i] < counts[i - 1]) {
                counts[i] = counts[i - 1];
            }
        }
        double observations = counts[n - 1];
        if (!(observations > 0)) {
            return Double.NaN;
        }
        double rank = q * observations;
        int b = 0;
        while (b < n - 1 && counts[b] < rank) {
            b++;
        }
        if (b == n - 1) {
            return upperBounds[n - 2];
        }
        if (b == 0 && upperBounds[0] <= 0) {
            return upperBounds[0];
        }
        double bucketStart = 0;
        double bucketEnd = upperBounds[b];
        double count = counts[b];
        if (b > 0) {
            bucketStart = upperBounds[b - 1];
            count -= counts[b - 1];
            rank -= counts[b - 1];
        }
        return bucketStart + (bucketEnd - bucketStart) * (rank / count);
    }
}
