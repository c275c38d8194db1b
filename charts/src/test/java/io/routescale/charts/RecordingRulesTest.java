package io.routescale.charts;

import io.routescale.autoscaler.signals.SignalQueries;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The chart's recording rules are the autoscaler's definition of a target's signal (issue 12 item 4): each
 * rule's expression is what {@link SignalQueries} sends Prometheus for that kind of target, over every window.
 */
class RecordingRulesTest {
    @Test
    void everyRecordingRuleIsTheAutoscalersQuery() {
        Map<String, String> want = new TreeMap<>();
        for (boolean route : new boolean[] {false, true}) {
            SignalQueries q = SignalQueries.everyWindow(route);
            String kind = route ? "route" : "backend";
            want.put("routescale:" + kind + "_requests_per_second:sum", q.requestsPerSecond());
            want.put("routescale:" + kind + "_error_ratio:weighted", q.errorRatio());
            want.put("routescale:" + kind + "_latency_p99_seconds:max", q.latencyP99());
            want.put("routescale:" + kind + "_inflight_requests:sum", q.inflight());
        }
        Map<String, String> recorded = new TreeMap<>();
        for (Object group : Yaml.list(Yaml.at(HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale")
                .single("PrometheusRule"), "spec", "groups"))) {
            for (Object rule : Yaml.list(Yaml.map(group).get("rules"))) {
                Map<String, Object> r = Yaml.map(rule);
                if (r.get("record") != null) {
                    recorded.put(String.valueOf(r.get("record")), oneLine(String.valueOf(r.get("expr"))));
                }
            }
        }
        assertEquals(want, recorded);
    }

    /** The rules break long expressions over lines; PromQL does not care, the comparison should not either. */
    private static String oneLine(String expr) {
        return expr.strip().replaceAll("\\s+", " ");
    }
}
