package io.routescale.autoscaler.decide;

import java.time.Instant;
import java.util.Arrays;

/**
 * The target's load over the last half hour, one value per 10 s, oldest first: what scale-down reads to know how
 * often and how far the load came back. Immutable; {@link #with} returns the next one.
 */
public final class LoadHistory {
    static final int STEP_SECONDS = 10;
    static final int CAPACITY = 180;
    static final LoadHistory EMPTY = new LoadHistory(new double[0], null);

    private final double[] values;
    private final Instant lastAt;

    private LoadHistory(double[] values, Instant lastAt) {
        this.values = values;
        this.lastAt = lastAt;
    }

    /** With {@code rps} appended if a step has passed since the last value (NaN for a gap: never read as 0). */
    LoadHistory with(Instant now, Double rps) {
        if (lastAt != null && now.isBefore(lastAt.plusSeconds(STEP_SECONDS))) {
            return this;
        }
        int keep = Math.min(values.length, CAPACITY - 1);
        double[] next = Arrays.copyOfRange(values, values.length - keep, values.length + 1);
        next[keep] = rps == null ? Double.NaN : rps;
        return new LoadHistory(next, now);
    }

    /** Re-rises are read only from this many ratios (5 minutes): one spike in a short history is not a habit. */
    static final int MIN_RATIOS = 30;

    /**
     * How far the load re-rose within {@code horizonSeconds}: for each past value, the highest value in the
     * horizon after it over that value; the {@code quantile} of these. NaN while fewer than {@link #MIN_RATIOS}
     * are known.
     */
    double reRise(int horizonSeconds, double quantile) {
        int h = Math.max(1, horizonSeconds / STEP_SECONDS);
        // A rise from a dip far below the usual level (a stall, a minute of near-zero load) is measured from half
        // the median: what the count would have been sized for, not a ratio against nearly nothing.
        double floor = 0.5 * median();
        double[] ratios = new double[values.length];
        int n = 0;
        for (int i = 0; i + 1 < values.length; i++) {
            double base = Double.isNaN(values[i]) ? Double.NaN : Math.max(values[i], floor);
            if (Double.isNaN(base) || base <= 0) {
                continue;
            }
            double peak = base;
            boolean seen = false;
            for (int j = i + 1; j <= Math.min(values.length - 1, i + h); j++) {
                if (!Double.isNaN(values[j])) {
                    peak = Math.max(peak, values[j]);
                    seen = true;
                }
            }
            if (seen) {
                ratios[n++] = peak / base;
            }
        }
        if (n < MIN_RATIOS) {
            return Double.NaN;
        }
        double[] sorted = Arrays.copyOf(ratios, n);
        Arrays.sort(sorted);
        return sorted[Math.min(n - 1, (int) Math.ceil(quantile * n) - 1)];
    }

    private double median() {
        double[] known = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        return known.length == 0 ? 0 : known[known.length / 2];
    }

    int size() {
        return values.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LoadHistory other && Arrays.equals(values, other.values) && java.util.Objects.equals(lastAt, other.lastAt);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + java.util.Objects.hashCode(lastAt);
    }

    @Override
    public String toString() {
        return "LoadHistory" + Arrays.toString(values);
    }
}
