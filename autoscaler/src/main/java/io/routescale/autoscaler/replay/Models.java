package io.routescale.autoscaler.replay;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named cluster models {@code replay --model} starts from (each flag then overrides one parameter). The
 * goals are measured under all three: the default M/M/1 pod, and two pods of 8 workers with a 50 ms base latency,
 * a slow service (40 rps per pod, 200 ms per request, SLO 1.5 s) and a fast one (250 rps per pod, SLO 0.25 s).
 * Under M/M/8 the p99 stays flat near the service time until about 85% of the SLO rate and then rises steeply,
 * which is what makes a per-replica target hard to guess from latency.
 */
public final class Models {
    private static final Map<String, ClusterModel> ALL = new LinkedHashMap<>();

    static {
        ALL.put("mm1", ClusterModel.DEFAULT);
        ALL.put("mmc-slow", new ClusterModel(40, 1.5, 20, 8, 0.05, 0, 1, -1, 1));
        ALL.put("mmc-fast", new ClusterModel(250, 0.25, 20, 8, 0.05, 0, 1, -1, 1));
    }

    private Models() {
    }

    public static Map<String, ClusterModel> all() {
        return Map.copyOf(ALL);
    }

    public static java.util.List<String> names() {
        return java.util.List.copyOf(ALL.keySet());
    }

    public static ClusterModel get(String name) throws ReplayException {
        ClusterModel m = ALL.get(name);
        if (m == null) {
            throw new ReplayException("--model: unknown model '" + name + "': one of " + String.join(", ", ALL.keySet()));
        }
        return m;
    }
}
