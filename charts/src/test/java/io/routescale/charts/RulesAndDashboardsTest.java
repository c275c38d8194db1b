package io.routescale.charts;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.routescale.exporter.testing.Promtool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The PrometheusRule and the dashboards' queries, checked by the real promtool. */
class RulesAndDashboardsTest {
    private static final Pattern RECORDED = Pattern.compile("routescale:[a-z0-9_]+:[a-z0-9_]+");

    @TempDir
    Path tmp;

    @Test
    void everyRenderedRuleFilePassesPromtoolCheckRules() throws Exception {
        for (Path values : ChartValues.routescaleSets()) {
            for (Map<String, Object> rule : HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale", values).ofKind("PrometheusRule")) {
                Path file = tmp.resolve("rules-" + System.nanoTime() + ".yaml");
                Files.writeString(file, Yaml.dump(Yaml.map(rule.get("spec"))));
                Promtool.Result r = Promtool.checkRules(file);
                assertEquals(0, r.exitCode(), values + ":\n" + r.output());
            }
        }
    }

    @Test
    void recordingRulesAndAlertsBehaveAsTheirUnitTestsSay() throws Exception {
        Map<String, Object> rule = HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale").single("PrometheusRule");
        Files.writeString(tmp.resolve("routescale-rules.yaml"), Yaml.dump(Yaml.map(rule.get("spec"))));
        Path tests = tmp.resolve("routescale-rules-test.yaml");
        Files.copy(Path.of(getClass().getResource("/routescale-rules-test.yaml").toURI()), tests);
        Promtool.Result r = Promtool.testRules(tests);
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("SUCCESS"), r.output());
    }

    @Test
    void theRuleUnitTestsCanFail() throws Exception {
        // A broken recording rule must make promtool test rules fail: the test above is not vacuous.
        Map<String, Object> rule = HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale").single("PrometheusRule");
        String broken = Yaml.dump(Yaml.map(rule.get("spec"))).replace(
                "sum by (namespace, service, window) (routescale_backend_inflight_requests)",
                "max by (namespace, service, window) (routescale_backend_inflight_requests)");
        Files.writeString(tmp.resolve("routescale-rules.yaml"), broken);
        Path tests = tmp.resolve("routescale-rules-test.yaml");
        Files.copy(Path.of(getClass().getResource("/routescale-rules-test.yaml").toURI()), tests);
        Promtool.Result r = Promtool.testRules(tests);
        assertEquals(1, r.exitCode(), r.output());
    }

    @Test
    void everyDashboardQueryIsValidPromqlAndEveryRecordedSeriesItUsesExists() throws Exception {
        Rendered r = HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale");
        Set<String> recorded = new TreeSet<>();
        for (Object group : Yaml.list(Yaml.at(r.single("PrometheusRule"), "spec", "groups"))) {
            for (Object rule : Yaml.list(Yaml.map(group).get("rules"))) {
                Object record = Yaml.map(rule).get("record");
                if (record != null) {
                    recorded.add(String.valueOf(record));
                }
            }
        }
        // Each panel query becomes a recording rule so promtool parses it; Grafana's variables are
        // substituted the way Grafana would.
        List<Map<String, Object>> rules = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        for (Path file : List.of(Repo.ROUTESCALE_CHART.resolve("dashboards/traefik-overview.json"),
                Repo.ROUTESCALE_CHART.resolve("dashboards/routescale-decisions.json"))) {
            JsonObject dashboard = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            for (JsonElement panel : dashboard.getAsJsonArray("panels")) {
                for (JsonElement target : panel.getAsJsonObject().getAsJsonArray("targets")) {
                    String expr = target.getAsJsonObject().get("expr").getAsString();
                    Matcher m = RECORDED.matcher(expr);
                    while (m.find()) {
                        used.add(m.group());
                    }
                    Map<String, Object> asRule = new LinkedHashMap<>();
                    asRule.put("record", "dashboard:query:" + rules.size());
                    asRule.put("expr", expr.replace("$__rate_interval", "1m").replace("$namespace", ".*")
                            .replace("$service", ".*").replace("$window", "60s"));
                    rules.add(asRule);
                }
            }
        }
        assertTrue(rules.size() >= 15, "found the panels' queries: " + rules.size());
        Path file = tmp.resolve("dashboard-queries.yaml");
        Files.writeString(file, Yaml.dump(Map.of("groups", List.of(Map.of("name", "dashboards", "rules", rules)))));
        Promtool.Result check = Promtool.checkRules(file);
        assertEquals(0, check.exitCode(), check.output());
        assertTrue(recorded.containsAll(used), "dashboards use " + used + ", rules record " + recorded);
    }
}
