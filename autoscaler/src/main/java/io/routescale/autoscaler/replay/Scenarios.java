package io.routescale.autoscaler.replay;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

/**
 * The bundled scenarios, so a replay runs on a fresh machine with no cluster and no trace. One target,
 * {@code shop/web}; every random draw comes from a fixed seed, so a scenario is the same trace every time.
 * {@link #get(String, long)} varies the noise (not the shape) with a seed, so settings tuned on the bundled
 * traces can be checked on traces they were not tuned on; seed 0 is the bundled trace.
 */
public final class Scenarios {
    public static final String TARGET = "shop/web";
    private static final Map<String, LongFunction<Trace>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("flash-crowd", seed -> observed("flash-crowd", seed, 1500, t -> t < 300 ? 300 : t < 900 ? 1500 : 300, 0.03));
        ALL.put("diurnal", seed -> observed("diurnal", seed, 3600,
                t -> 700 + 500 * Math.sin(2 * Math.PI * t / 1800.0 - Math.PI / 2), 0.08));
        ALL.put("slow-ramp", seed -> observed("slow-ramp", seed, 1500, t -> t < 150 ? 200 : Math.min(2000, 200 + (t - 150) * 1.5), 0.03));
        ALL.put("sudden-drop", seed -> observed("sudden-drop", seed, 1200, t -> t < 300 ? 1500 : 300, 0.03));
        ALL.put("metric-gap", Scenarios::metricGap);
        ALL.put("traefik-restart", Scenarios::traefikRestart);
    }

    private Scenarios() {
    }

    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    public static Trace get(String name) throws ReplayException {
        return get(name, 0);
    }

    /** The scenario with its noise drawn from another seed (0: the bundled trace). */
    public static Trace get(String name, long seed) throws ReplayException {
        LongFunction<Trace> s = ALL.get(name);
        if (s == null) {
            throw new ReplayException("unknown scenario '" + name + "': one of " + String.join(", ", ALL.keySet()));
        }
        return s.apply(seed);
    }

    private static Trace observed(String name, long seed, int seconds, java.util.function.IntToDoubleFunction load, double noise) {
        SplittableRandom random = new SplittableRandom(name.hashCode() ^ seed);
        double[] v = new double[seconds];
        for (int t = 0; t < seconds; t++) {
            v[t] = Math.max(0, load.applyAsDouble(t) * (1 + noise * random.nextGaussian()));
        }
        return Trace.ofObserved(title(name, seed), Map.of(TARGET, v));
    }

    /** 600 rps; the metric is gone from 300 s to 420 s while the real load dips to 200 rps and comes back. */
    private static Trace metricGap(long seed) {
        SplittableRandom random = new SplittableRandom(7 ^ seed);
        int n = 900;
        double[] offered = new double[n];
        double[] observed = new double[n];
        for (int t = 0; t < n; t++) {
            double base = t >= 330 && t < 400 ? 200 : 600;
            offered[t] = base * (1 + 0.03 * random.nextGaussian());
            observed[t] = t >= 300 && t < 420 ? Double.NaN : offered[t];
        }
        return new Trace(title("metric-gap", seed), Map.of(TARGET, observed), Map.of(TARGET, offered));
    }

    /**
     * 800 rps; Traefik restarts at 400 s: two scrapes fail, then the exporter's counters restart (it handles the
     * reset as PromQL does, losing the requests served between its last scrape and the restart: one second).
     */
    private static Trace traefikRestart(long seed) {
        SplittableRandom random = new SplittableRandom(11 ^ seed);
        int n = 900;
        double[] offered = new double[n];
        double[] observed = new double[n];
        for (int t = 0; t < n; t++) {
            offered[t] = 800 * (1 + 0.03 * random.nextGaussian());
            observed[t] = t == 400 || t == 401 ? Double.NaN : t == 402 ? offered[t] * 0.5 : offered[t];
        }
        return new Trace(title("traefik-restart", seed), Map.of(TARGET, observed), Map.of(TARGET, offered));
    }

    private static String title(String name, long seed) {
        return "scenario " + name + (seed == 0 ? "" : " (seed " + seed + ")");
    }
}
