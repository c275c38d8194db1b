package io.routescale.autoscaler.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * The targets the baselines are swept over, as fractions of the model's per-replica SLO rate: {@code from} to
 * {@code to} in steps of {@code step} (default 30% to 100% in 5% steps).
 */
public record Sweep(double from, double to, double step) {
    public static final Sweep DEFAULT = new Sweep(0.30, 1.00, 0.05);
    private static final int MOST_POINTS = 200;

    public Sweep {
        if (!(from > 0) || !(to >= from) || !(to <= 2) || !(step > 0) || (to - from) / step + 1 > MOST_POINTS) {
            throw new IllegalArgumentException("expected FROM:TO:STEP with 0 < FROM <= TO <= 2, STEP > 0 and at most "
                    + MOST_POINTS + " points (got " + from + ":" + to + ":" + step + ")");
        }
    }

    /** Parses {@code 0.3:1.0:0.05}. */
    public static Sweep parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("expected FROM:TO:STEP, e.g. 0.3:1.0:0.05 (got '" + text + "')");
        }
        try {
            return new Sweep(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected FROM:TO:STEP as decimal numbers, e.g. 0.3:1.0:0.05 (got '" + text + "')");
        }
    }

    /** The fractions, rounded to 4 decimals so 0.3 + 14 x 0.05 lands on 1.0. */
    public List<Double> fractions() {
        List<Double> out = new ArrayList<>();
        for (int i = 0; ; i++) {
            double f = Math.round((from + i * step) * 1e4) / 1e4;
            if (f > to + 1e-9) {
                return out;
            }
            out.add(f);
        }
    }
}
