package io.routescale.autoscaler.decide;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The target's load over the last half hour, one value per 10 s, oldest first, and the dips of the last two hours
 * that came back: what scale-down reads to know how often, how far and how soon the load came back. Immutable;
 * {@link #with} returns the next one.
 */
public final class LoadHistory {
    static final int STEP_SECONDS = 10;
    static final int CAPACITY = 180;
    static final LoadHistory EMPTY = new LoadHistory(new double[0], null, List.of());
    /** How long a dip that came back is remembered: longer than the values, as such dips may be an hour apart. */
    static final Duration DIP_MEMORY = Duration.ofHours(2);
    /** At most this many dips are remembered (a flapping load keeps the newest): the memory stays bounded. */
    static final int MAX_DIPS = 16;
    /** A dip: below this share of the highest load of the minute before it. */
    static final double DIP_DEPTH = 0.5;
    /** It came back: at this share of that level again. */
    static final double DIP_BACK = 0.8;

    /** A dip that came back: when it did, and how long it lasted. */
    record ReturnedDip(Instant returnedAt, int seconds) {
    }

    private final double[] values;
    private final Instant lastAt;
    private final List<ReturnedDip> dips;

    private LoadHistory(double[] values, Instant lastAt, List<ReturnedDip> dips) {
        this.values = values;
        this.lastAt = lastAt;
        this.dips = dips;
    }

    /** With {@code rps} appended if a step has passed since the last value (NaN for a gap: never read as 0). */
    LoadHistory with(Instant now, Double rps) {
        if (lastAt != null && now.isBefore(lastAt.plusSeconds(STEP_SECONDS))) {
            return this;
        }
        int keep = Math.min(values.length, CAPACITY - 1);
        double[] next = Arrays.copyOfRange(values, values.length - keep, values.length + 1);
        next[keep] = rps == null ? Double.NaN : rps;
        List<ReturnedDip> remembered = new ArrayList<>();
        for (ReturnedDip d : dips) {
            if (d.returnedAt().isAfter(now.minus(DIP_MEMORY))) {
                remembered.add(d);
            }
        }
        int returned = dipReturningAtLast(next);
        if (returned > 0) {
            remembered.add(new ReturnedDip(now, returned));
            if (remembered.size() > MAX_DIPS) {
                remembered.remove(0);
            }
        }
        return new LoadHistory(next, now, List.copyOf(remembered));
    }

    /**
     * The length in seconds of a dip that the newest value ends: a step below {@link #DIP_DEPTH} times the highest
     * of the minute before it, every step since below {@link #DIP_BACK} times that level, the newest at or above
     * it; the longest such dip when several would; 0 when the newest value ends none.
     */
    static int dipReturningAtLast(double[] values) {
        int last = values.length - 1;
        if (last < 2 || Double.isNaN(values[last])) {
            return 0;
        }
        int longest = 0;
        // The highest known value from step i to the one before the newest: the dip stayed down while it is below.
        double highestSince = Double.NaN;
        for (int i = last - 1; i >= 1; i--) {
            if (!Double.isNaN(values[i]) && (Double.isNaN(highestSince) || values[i] > highestSince)) {
                highestSince = values[i];
            }
            double level = levelBefore(values, i);
            if (Double.isNaN(level) || !(level > 0)) {
                continue;
            }
            boolean stayedDown = !(highestSince >= DIP_BACK * level);
            if (stayedDown && values[i] < DIP_DEPTH * level && !(values[i - 1] < DIP_DEPTH * level)
                    && values[last] >= DIP_BACK * level) {
                longest = Math.max(longest, (last - i) * STEP_SECONDS);
            }
        }
        return longest;
    }

    /** The highest known value of the minute before step {@code i}; NaN when none is known. */
    private static double levelBefore(double[] values, int i) {
        double level = Double.NaN;
        for (int k = Math.max(0, i - 60 / STEP_SECONDS); k < i; k++) {
            if (!Double.isNaN(values[k]) && (Double.isNaN(level) || values[k] > level)) {
                level = values[k];
            }
        }
        return level;
    }

    /** The longest dip that came back within {@link #DIP_MEMORY}, in seconds; 0 when none did. */
    int longestReturnedDipSeconds() {
        int longest = 0;
        for (ReturnedDip d : dips) {
            longest = Math.max(longest, d.seconds());
        }
        return longest;
    }

    /** The highest load of the last {@code seconds}; NaN when none is known. */
    double highestOfLast(int seconds) {
        int steps = Math.min(values.length, seconds / STEP_SECONDS + 1);
        double peak = Double.NaN;
        for (int k = values.length - steps; k < values.length; k++) {
            if (!Double.isNaN(values[k]) && (Double.isNaN(peak) || values[k] > peak)) {
                peak = values[k];
            }
        }
        return peak;
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
        return o instanceof LoadHistory other && Arrays.equals(values, other.values) && java.util.Objects.equals(lastAt, other.lastAt)
                && dips.equals(other.dips);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(values) + java.util.Objects.hashCode(lastAt)) + dips.hashCode();
    }

    @Override
    public String toString() {
        return "LoadHistory" + Arrays.toString(values) + (dips.isEmpty() ? "" : " dips " + dips);
    }
}
