package io.routescale.autoscaler.replay;

import java.util.Map;

/**
 * Load per target, one value per second from 0.
 *
 * @param name     where it came from (file, scenario, Prometheus range), for reports
 * @param observed what the autoscaler can see: requests per second, {@code NaN} where the metric has a gap
 *                 (missing data, never 0)
 * @param offered  the load the simulated cluster really gets; for a trace without it, {@link #fillGaps} of the
 *                 observed values (the last value seen carries over a gap)
 */
public record Trace(String name, Map<String, double[]> observed, Map<String, double[]> offered) {

    public static Trace ofObserved(String name, Map<String, double[]> observed) {
        Map<String, double[]> offered = new java.util.LinkedHashMap<>();
        observed.forEach((k, v) -> offered.put(k, fillGaps(v)));
        return new Trace(name, observed, offered);
    }

    public int seconds() {
        return observed.values().stream().mapToInt(a -> a.length).max().orElse(0);
    }

    /** Carries the last value over each gap (a leading gap takes the first value). */
    public static double[] fillGaps(double[] v) {
        double[] out = v.clone();
        double last = Double.NaN;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                last = x;
                break;
            }
        }
        for (int i = 0; i < out.length; i++) {
            if (Double.isNaN(out[i])) {
                out[i] = Double.isNaN(last) ? 0 : last;
            } else {
                last = out[i];
            }
        }
        return out;
    }
}
