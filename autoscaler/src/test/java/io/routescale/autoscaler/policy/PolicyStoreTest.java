package io.routescale.autoscaler.policy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.routescale.autoscaler.explain.AutoscalerMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The policy in force across bad ConfigMaps and restarts (issue 13 item 2). */
class PolicyStoreTest {
    private static final String GOOD = "targets: [{namespace: shop, name: web, signals: [{type: rpsPerReplica, target: 50}]}]\n";
    private static final String BAD = "targets: [{namespace: shop, name: web, maxReplicas: 0, signals: []}]\n";

    @TempDir
    Path dir;

    /** The ConfigMap's policy.yaml as the API server would answer it; the events the store records. */
    private String configMap;
    private final List<String> events = new ArrayList<>();

    private PolicyStore start(Path lastGood) {
        return new PolicyStore((namespace, name, key) -> Optional.ofNullable(configMap),
                (namespace, apiVersion, kind, name, type, reason, message) -> events.add(reason + ": " + message), new PolicyParser(), new AutoscalerMetrics(new PrometheusRegistry()), "routescale",
                "routescale-policy", "policy.yaml", lastGood);
    }

    @Test
    void aRestartWhileTheConfigMapIsBadActsOnTheLastGoodPolicy() throws Exception {
        Path kept = dir.resolve("last-good-policy.yaml");
        configMap = GOOD;
        PolicyStore first = start(kept);
        assertTrue(first.refresh());
        assertEquals(GOOD, Files.readString(kept));

        configMap = BAD;
        assertFalse(first.refresh());
        assertEquals(GOOD, Files.readString(kept), "a rejected policy is never kept");

        PolicyStore restarted = start(kept);
        assertFalse(restarted.refresh(), "the ConfigMap's policy is still bad");
        assertEquals(1, restarted.current().targets().size());
        assertEquals(50, restarted.current().targets().get(0).signals().get(0).target());
        assertTrue(events.get(events.size() - 1).startsWith("PolicyRejected: invalid policy: targets[0].maxReplicas"), events.toString());
    }

    @Test
    void aStartWithABadConfigMapAndNoCopyScalesNothingAndKeepsRunning() {
        configMap = BAD;
        PolicyStore store = start(dir.resolve("none-yet.yaml"));
        assertFalse(store.refresh());
        assertSame(Policy.EMPTY, store.current());
        assertFalse(Files.exists(dir.resolve("none-yet.yaml")));
        configMap = GOOD;
        assertTrue(store.refresh(), "a valid policy arriving later comes into force");
        assertEquals(1, store.current().targets().size());
    }

    @Test
    void anUnreadableCopyIsIgnoredAndTheConfigMapDecides() throws Exception {
        Path kept = dir.resolve("last-good-policy.yaml");
        Files.writeString(kept, "targets: [\n");
        configMap = GOOD;
        PolicyStore store = start(kept);
        assertTrue(store.refresh());
        assertEquals(GOOD, Files.readString(kept), "replaced by the good one");
    }

    @Test
    void theBombThatKilledTheDaemonIsARejection() {
        configMap = "big: &s " + "x".repeat(100_000) + "\ndefaults:\n  minReplicas: [*s" + ", *s".repeat(199_999) + "]\n";
        PolicyStore store = start(null);
        assertFalse(store.refresh());
        assertSame(Policy.EMPTY, store.current());
        assertEquals(List.of("PolicyRejected: invalid policy: policy: line 1: a value of 100000 characters; no field takes more than 4096"),
                events);
    }
}
