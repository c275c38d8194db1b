package io.routescale.charts;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.routescale.exporter.expose.SignalExposition;
import io.routescale.http.MetricsEndpoint;
import io.routescale.http.StreamingMetricsServer;
import io.routescale.exporter.testing.FakeTraefikServer;
import io.routescale.exporter.testing.PipelineHarness;
import io.routescale.exporter.testing.Promtool;
import io.routescale.exporter.testing.RealPrometheus;
import io.routescale.exporter.testing.SyntheticTraefik;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The standard path (issue 14 item 2): the chart renders prometheus-adapter rules, HPAs on the External metric
 * and KEDA ScaledObjects from its values; each is checked by its schema elsewhere (RoutescaleChartTest with
 * ci/external-scaling-values.yaml); here: the safe settings, the PromQL through promtool, and both the adapter's
 * and KEDA's query against a real Prometheus scraping the exporter's real pipeline.
 */
class StandardPathTest {
    private static final Path VALUES = Repo.ROUTESCALE_CHART.resolve("ci/external-scaling-values.yaml");

    @TempDir
    Path tmp;

    private static Map<String, Object> named(Rendered r, String kind, String name) {
        return r.ofKind(kind).stream().filter(o -> name.equals(Rendered.name(o))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    @Test
    void theHpaReadsTheExternalMetricPerReplicaAndKeepsItsBehaviour() {
        Rendered r = HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale", VALUES);
        Map<String, Object> hpa = named(r, "HorizontalPodAutoscaler", "web-routescale");
        assertEquals("shop", Yaml.at(hpa, "metadata", "namespace"));
        assertEquals(Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", "web"), Yaml.at(hpa, "spec", "scaleTargetRef"));
        assertEquals(List.of(Map.of("type", "External", "external", Map.of(
                "metric", Map.of("name", "routescale_backend_requests_per_second",
                        "selector", Map.of("matchLabels", Map.of("service", "web", "window", "60s"))),
                "target", Map.of("type", "AverageValue", "averageValue", "50")))), Yaml.at(hpa, "spec", "metrics"));
        assertEquals(Map.of("scaleDown", Map.of("stabilizationWindowSeconds", 300)), Yaml.at(hpa, "spec", "behavior"));
        Map<String, Object> route = named(r, "HorizontalPodAutoscaler", "thumbnails-routescale");
        assertEquals("StatefulSet", Yaml.at(route, "spec", "scaleTargetRef", "kind"));
        assertEquals(Map.of("name", "routescale_route_requests_per_second",
                "selector", Map.of("matchLabels", Map.of("route", "images", "window", "60s"))), Yaml.at(route, "spec", "metrics", "0", "external", "metric"));
    }

    @Test
    void kedaNeverReadsAnEmptyAnswerAsZeroNorLowersOnAFailingSource() {
        Map<String, Object> so = named(HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale", VALUES), "ScaledObject", "checkout-routescale");
        assertEquals(Map.of("failureThreshold", 3, "replicas", 3, "behavior", "currentReplicasIfHigher"), Yaml.at(so, "spec", "fallback"));
        Map<String, Object> trigger = Yaml.map(Yaml.list(Yaml.at(so, "spec", "triggers")).get(0));
        assertEquals("prometheus", trigger.get("type"));
        assertEquals("AverageValue", trigger.get("metricType"), "KEDA's fallback works only for AverageValue");
        assertEquals(Map.of("serverAddress", "http://prometheus-operated.monitoring:9090",
                "query", "routescale:backend_inflight_requests:sum{namespace=\"shop\",service=\"checkout\",window=\"10s\"}",
                "threshold", "4", "ignoreNullValues", "false"), trigger.get("metadata"));
        assertEquals(Map.of("scaleUp", Map.of("policies", List.of(Map.of("type", "Percent", "value", 100, "periodSeconds", 15)))),
                Yaml.at(so, "spec", "advanced", "horizontalPodAutoscalerConfig", "behavior"));
    }

    @Test
    void withoutTheFallbackForAnOlderKedaNoneIsRendered() throws Exception {
        Path values = Files.writeString(tmp.resolve("old-keda.yaml"), "externalScaling: {keda: {fallback: false}}\n");
        Map<String, Object> so = named(HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale", VALUES, values),
                "ScaledObject", "checkout-routescale");
        assertEquals(null, Yaml.at(so, "spec", "fallback"));
        assertEquals("false", Yaml.at(so, "spec", "triggers", "0", "metadata", "ignoreNullValues"));
    }

    @Test
    void theKedaSchemaCheckRefusesAFallbackThatWouldLowerReplicasUnchecked() throws Exception {
        Map<String, Object> so = named(HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale", VALUES), "ScaledObject", "checkout-routescale");
        assertEquals(List.of(), CrdSchema.problems(List.of(so)));
        Yaml.map(Yaml.at(so, "spec", "fallback")).put("behavior", "lowerIt");
        List<String> problems = CrdSchema.problems(List.of(so));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("behavior"), problems.get(0));
    }

    @Test
    void aTargetNamingBothABackendAndARouteOrNeitherIsRefusedWithItsPath() throws Exception {
        for (String both : List.of("backend: web, route: web", "signal: inflight")) {
            Path bad = Files.writeString(tmp.resolve("bad.yaml"), "externalScaling:\n  targets:\n    - {via: hpa, namespace: shop, "
                    + "name: web, " + both + ", averageValue: 5, minReplicas: 1, maxReplicas: 3}\n");
            Exception thrown = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                    () -> HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale", bad), both);
            assertTrue(thrown.getMessage().contains("/externalScaling/targets/0"), thrown.getMessage());
        }
        Path inverted = Files.writeString(tmp.resolve("inverted.yaml"), "externalScaling:\n  targets:\n    - {via: keda, namespace: shop, "
                + "name: web, backend: web, averageValue: 5, minReplicas: 4, maxReplicas: 3}\n");
        Exception thrown = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale", inverted));
        assertTrue(thrown.getMessage().contains("externalScaling.targets[0] (shop/web): minReplicas 4 is above maxReplicas 3"), thrown.getMessage());
    }

    /** The adapter's externalRules as it reads them from the rendered ConfigMap. */
    private static List<Map<String, Object>> adapterRules(Rendered r) {
        Map<String, Object> cm = named(r, "ConfigMap", "rs-routescale-adapter-rules");
        assertEquals("monitoring", Yaml.at(cm, "metadata", "namespace"));
        Map<String, Object> config = Yaml.loadAll(String.valueOf(Yaml.at(cm, "data", "config.yaml"))).get(0);
        List<Map<String, Object>> rules = new ArrayList<>();
        Yaml.list(config.get("externalRules")).forEach(o -> rules.add(Yaml.map(o)));
        return rules;
    }

    /**
     * The query prometheus-adapter sends for an HPA's External metric: the rule whose name.as is the metric,
     * its series, and label matchers from the HPA's selector plus its namespace (the rule's namespace override).
     */
    private static String adapterQuery(List<Map<String, Object>> rules, Map<String, Object> hpa) {
        Map<String, Object> metric = Yaml.map(Yaml.at(hpa, "spec", "metrics", "0", "external", "metric"));
        Map<String, Object> rule = rules.stream().filter(x -> metric.get("name").equals(Yaml.at(x, "name", "as"))).findFirst()
                .orElseThrow(() -> new AssertionError("no adapter rule serves " + metric.get("name")));
        String series = String.valueOf(rule.get("seriesQuery"));
        series = series.substring(0, series.indexOf('{'));
        assertTrue(String.valueOf(Yaml.at(rule, "name", "matches")).equals("^" + series + "$"), rule.toString());
        Map<String, String> matchers = new LinkedHashMap<>();
        matchers.put("namespace", String.valueOf(Yaml.at(hpa, "metadata", "namespace")));
        Yaml.map(Yaml.at(metric, "selector", "matchLabels")).forEach((k, v) -> matchers.put(k, String.valueOf(v)));
        String labelMatchers = String.join(",", matchers.entrySet().stream().map(e -> e.getKey() + "=\"" + e.getValue() + "\"").toList());
        return String.valueOf(rule.get("metricsQuery")).replace("<<.Series>>", series).replace("<<.LabelMatchers>>", labelMatchers);
    }

    @Test
    void everyQueryOfTheStandardPathIsValidPromql() throws Exception {
        Rendered r = HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale", VALUES);
        List<Map<String, Object>> rules = adapterRules(r);
        assertEquals(4, rules.size(), "requests per second and in flight, of backends and of routes");
        List<String> queries = new ArrayList<>();
        rules.forEach(x -> queries.add(String.valueOf(x.get("seriesQuery"))));
        r.ofKind("HorizontalPodAutoscaler").forEach(h -> queries.add(adapterQuery(rules, h)));
        r.ofKind("ScaledObject").forEach(s -> queries.add(String.valueOf(Yaml.at(s, "spec", "triggers", "0", "metadata", "query"))));
        List<Map<String, Object>> asRules = new ArrayList<>();
        for (String q : queries) {
            asRules.add(Map.of("record", "standard_path:query:" + asRules.size(), "expr", q));
        }
        Path file = Files.writeString(tmp.resolve("queries.yaml"), Yaml.dump(Map.of("groups", List.of(Map.of("name", "q", "rules", asRules)))));
        Promtool.Result check = Promtool.checkRules(file);
        assertEquals(0, check.exitCode(), check.output() + "\n" + queries);
        assertEquals(7, queries.size(), "4 series queries, 2 HPAs, 1 ScaledObject");
    }

    @Test
    void theAdaptersAndKedasQueriesReadTheExportersSignalFromARealPrometheus() throws Exception {
        // One Traefik replica serving shop/web at 150 rps, the exporter's real pipeline over it, its exposition
        // scraped by a real Prometheus that evaluates the chart's recording rules.
        SyntheticTraefik traefik = new SyntheticTraefik(List.of(
                new SyntheticTraefik.Backend("shop-web-80@kubernetes", 150, 0.0, 0.0, 2)), SyntheticTraefik.Generation.V3, false);
        Map<String, Object> rule = HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale").single("PrometheusRule");
        try (FakeTraefikServer server = new FakeTraefikServer();
             PipelineHarness exporter = new PipelineHarness(server.url())) {
            server.serve(() -> traefik.render(exporter.now()).getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 70; i++) {   // 70 s of the exporter's clock: both windows full
                exporter.clock.advance(Duration.ofSeconds(1));
                exporter.pipeline.runOnce();
            }
            try (StreamingMetricsServer metrics = MetricsEndpoint.startStreaming("127.0.0.1", 0, new PrometheusRegistry(),
                    "test.metrics-port", new SignalExposition(exporter.board, exporter.clock, Duration.ofSeconds(10)));
                 RealPrometheus prometheus = new RealPrometheus(List.of("127.0.0.1:" + metrics.getPort()), Duration.ofSeconds(1),
                         Yaml.dump(Yaml.map(rule.get("spec"))))) {
                Path values = Files.writeString(tmp.resolve("web.yaml"), """
                        externalScaling:
                          prometheusAdapter: {enabled: true, namespace: monitoring}
                          targets:
                            - {via: hpa, namespace: shop, name: web, backend: web, window: 60s, averageValue: 50, minReplicas: 1, maxReplicas: 9}
                            - {via: keda, namespace: shop, name: web-keda, backend: web, window: 10s, averageValue: 50, minReplicas: 1, maxReplicas: 9}
                        """);
                Rendered r = HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale", values);
                String adapter = adapterQuery(adapterRules(r), named(r, "HorizontalPodAutoscaler", "web-routescale"));
                String keda = String.valueOf(Yaml.at(named(r, "ScaledObject", "web-keda-routescale"), "spec", "triggers", "0", "metadata", "query"));
                Optional<Double> viaAdapter = prometheus.awaitScalar(adapter, v -> true, Duration.ofSeconds(45));
                assertTrue(viaAdapter.isPresent(), "no answer to " + adapter + "\n" + prometheus.log());
                assertEquals(150.0, viaAdapter.get(), 1e-6, adapter);
                assertEquals(150.0, prometheus.awaitScalar(keda, v -> true, Duration.ofSeconds(10)).orElseThrow(), 1e-6, keda);
                // A target the exporter does not see: empty, which KEDA (ignoreNullValues false) takes as an error.
                assertFalse(prometheus.queryScalar(keda.replace("service=\"web\"", "service=\"gone\"")).isPresent());
            }
        }
    }
}
