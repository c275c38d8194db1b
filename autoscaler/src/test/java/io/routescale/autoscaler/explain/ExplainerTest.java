package io.routescale.autoscaler.explain;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.routescale.autoscaler.act.Actuation;
import io.routescale.autoscaler.cluster.EventSink;
import io.routescale.autoscaler.decide.Decision;
import io.routescale.autoscaler.decide.Finding;
import io.routescale.autoscaler.policy.SignalKind;
import io.routescale.autoscaler.policy.SignalRule;
import io.routescale.autoscaler.policy.SignalSelector;
import io.routescale.autoscaler.decide.TargetMemory;
import io.routescale.autoscaler.policy.TargetPolicy;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExplainerTest {
    private final List<String> events = new ArrayList<>();
    private final EventSink cluster = (namespace, apiVersion, kind, name, type, reason, message) -> events.add(reason + ": " + message);
    private final Explainer explainer = new Explainer(cluster, new AutoscalerMetrics(new PrometheusRegistry()));
    private final TargetPolicy web = parse("targets: [{namespace: shop, name: web, signals: [{type: rpsPerReplica, target: 50}]}]");

    private static TargetPolicy parse(String yaml) {
        try {
            return new io.routescale.autoscaler.policy.PolicyParser().parse(yaml).targets().get(0);
        } catch (io.routescale.autoscaler.policy.PolicyException e) {
            throw new AssertionError(e);
        }
    }

    private static Decision decision(int from, int to, boolean missing) {
        return new Decision(from, to, "scale shop/web " + from + " -> " + to + ": test", List.of("why"), false, missing,
                TargetMemory.fresh(Instant.EPOCH), null);
    }

    @Test
    void everyWriteIsAnEventAndAStructuredLogLine() {
        Logger logger = (Logger) LoggerFactory.getLogger(Explainer.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        logger.addAppender(captured);
        try {
            explainer.explain(web, decision(3, 7, false), new Actuation(Actuation.Result.WRITTEN, 7, "scale shop/web 3 -> 7: test"), 1);
        } finally {
            logger.detachAppender(captured);
        }
        assertEquals(List.of("Scaled: scale shop/web 3 -> 7: test"), events);
        Map<String, Object> fields = captured.list.get(0).getKeyValuePairs().stream()
                .collect(Collectors.toMap(kv -> kv.key, kv -> kv.value));
        assertEquals(Map.of("target", "shop/Deployment/web", "from", 3, "to", 7, "result", "written", "burst", false), fields);
    }

    @Test
    void theDrivingRulesFindingIsInTheLogLineAsFields() {
        Logger logger = (Logger) LoggerFactory.getLogger(Explainer.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        logger.addAppender(captured);
        SignalRule rps = SignalRule.of(SignalKind.RPS_PER_REPLICA, new SignalSelector(false, "shop", "web"), 50);
        Decision d = new Decision(3, 9, "scale shop/web 3 -> 9: rpsPerReplica(backend shop/web) 412.0 vs 50/replica x 3 (ratio 2.75) wants 9",
                new Finding(rps, 412.0, 50.0, 9), List.of(), false, false, TargetMemory.fresh(Instant.EPOCH), null, 0, "");
        try {
            explainer.explain(web, d, new Actuation(Actuation.Result.WRITTEN, 9, d.reason()), 1);
        } finally {
            logger.detachAppender(captured);
        }
        Map<String, Object> fields = captured.list.get(0).getKeyValuePairs().stream()
                .collect(Collectors.toMap(kv -> kv.key, kv -> kv.value));
        assertEquals(Map.of("target", "shop/Deployment/web", "from", 3, "to", 9, "result", "written", "burst", false,
                "rule", "rpsPerReplica", "signal", "backend shop/web", "value", 412.0, "compared", 50.0, "wants", 9), fields);
    }

    @Test
    void repeatedRefusalsAndMissingSignalsAreOneEventEachUntilTheyChange() {
        Actuation refused = new Actuation(Actuation.Result.REFUSED, -1, "not scaling shop/web directly: HPA web");
        for (int i = 0; i < 5; i++) {
            explainer.explain(web, decision(3, 7, false), refused, i);
        }
        assertEquals(1, events.size());
        for (int i = 0; i < 5; i++) {
            explainer.explain(web, decision(3, 3, true), new Actuation(Actuation.Result.UNCHANGED, -1, "keep"), i);
        }
        assertEquals(2, events.size());
        assertTrue(events.get(1).startsWith("SignalsMissing: "), events.toString());
        explainer.explain(web, decision(3, 3, false), new Actuation(Actuation.Result.UNCHANGED, -1, "keep"), 9);
        explainer.explain(web, decision(3, 3, true), new Actuation(Actuation.Result.UNCHANGED, -1, "keep"), 10);
        assertEquals(3, events.size(), "signals lost again after coming back: told again");
    }

    @Test
    void eachClusterCachesReadinessIsAGaugeReadWhenScraped() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        Map<String, Boolean> ready = new java.util.TreeMap<>(Map.of("Deployments", true));
        new AutoscalerMetrics(registry).clusterCaches(() -> ready);
        ready.put("HorizontalPodAutoscalers", false);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        new io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter(false).write(out, registry.scrape());
        List<String> lines = out.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("routescale_autoscaler_cluster_cache_ready{")).toList();
        assertEquals(List.of("routescale_autoscaler_cluster_cache_ready{cache=\"Deployments\"} 1.0",
                "routescale_autoscaler_cluster_cache_ready{cache=\"HorizontalPodAutoscalers\"} 0.0"), lines);
    }

    @Test
    void anObjectiveTargetsLearnedCapacityIsAMetric() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        Explainer withRegistry = new Explainer(cluster, new AutoscalerMetrics(registry));
        TargetPolicy cart = parse("targets: [{namespace: shop, name: cart, objective: {p99Latency: 0.25}}]");
        TargetMemory learned = new TargetMemory(Instant.EPOCH, List.of(), List.of(), null, 0, null, null,
                new io.routescale.autoscaler.decide.LearnedCapacity(78.5, 0.08, Instant.EPOCH, 10, 0.8, 1.0), null);
        withRegistry.explain(cart, new Decision(3, 3, "keep", List.of(), false, false, learned, null),
                new Actuation(Actuation.Result.UNCHANGED, -1, "keep"), 1);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        new io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter(false).write(out, registry.scrape());
        assertTrue(out.toString().contains("routescale_autoscaler_learned_capacity_rps_per_replica{namespace=\"shop\",target=\"cart\"} 78.5"), out.toString());
    }
}
