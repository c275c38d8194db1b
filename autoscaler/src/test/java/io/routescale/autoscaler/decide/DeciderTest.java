package io.routescale.autoscaler.decide;

import io.routescale.autoscaler.policy.Behavior;
import io.routescale.autoscaler.policy.Burst;
import io.routescale.autoscaler.policy.MissingSignals;
import io.routescale.autoscaler.policy.Mode;
import io.routescale.autoscaler.policy.RatePolicy;
import io.routescale.autoscaler.policy.SignalKind;
import io.routescale.autoscaler.policy.SignalRule;
import io.routescale.autoscaler.policy.SignalSelector;
import io.routescale.autoscaler.policy.TargetPolicy;
import io.routescale.autoscaler.policy.TargetRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decision as a table: each row is (policy, observation, memory, now) and the replicas it must give.
 * HPA parity rows follow the Kubernetes documentation's worked examples and {@code horizontal.go}.
 */
class DeciderTest {
    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    static final SignalSelector WEB = new SignalSelector(false, "shop", "web");
    static final SignalRule RPS = SignalRule.of(SignalKind.RPS_PER_REPLICA, WEB, 50);
    static final SignalRule INFLIGHT = SignalRule.of(SignalKind.INFLIGHT_PER_REPLICA, WEB, 10);
    static final SignalRule P99 = SignalRule.of(SignalKind.P99_LATENCY, WEB, 0.3);
    static final SignalRule GUARD = SignalRule.of(SignalKind.ERROR_RATIO_GUARD, WEB, 0.05);

    static TargetPolicy policy(UnaryOperator<Builder> change) {
        return change.apply(new Builder()).build();
    }

    /** Defaults: Kubernetes' HPA defaults, burst on (2x, 60 s), 1..100 replicas, rps 50/replica. */
    static final class Builder {
        List<SignalRule> signals = List.of(RPS);
        int min = 1;
        int max = 100;
        double tolerance = 0.1;
        Behavior up = Behavior.HPA_DEFAULT_UP;
        Behavior down = Behavior.HPA_DEFAULT_DOWN;
        Burst burst = new Burst(true, 2.0, Duration.ofSeconds(60));
        MissingSignals missing = MissingSignals.HOLD;

        Builder signals(SignalRule... rules) {
            signals = List.of(rules);
            return this;
        }

        Builder minMax(int lo, int hi) {
            min = lo;
            max = hi;
            return this;
        }

        Builder down(Behavior b) {
            down = b;
            return this;
        }

        Builder noBurst() {
            burst = new Burst(false, 2.0, Duration.ofSeconds(60));
            return this;
        }

        Builder missing(MissingSignals m) {
            missing = m;
            return this;
        }

        TargetPolicy build() {
            return new TargetPolicy(new TargetRef("shop", "web", "apps/v1", "Deployment"), Mode.DIRECT, null, signals,
                    min, max, tolerance, "60s", "10s", up, down, burst, Duration.ofSeconds(30), missing, false);
        }
    }

    static Observation obs(int spec, int ready, Object... ruleStableFast) {
        Map<SignalRule, Reading> readings = new HashMap<>();
        for (int i = 0; i < ruleStableFast.length; i += 3) {
            readings.put((SignalRule) ruleStableFast[i],
                    new Reading((Double) ruleStableFast[i + 1], (Double) ruleStableFast[i + 2]));
        }
        return new Observation(spec, ready, readings);
    }

    /** A process that has been watching for an hour, with no history. */
    static TargetMemory settled() {
        return TargetMemory.fresh(NOW.minus(Duration.ofHours(1)));
    }

    static TargetMemory withRecommendations(int... secondsAgoAndReplicas) {
        List<Recommendation> recs = new java.util.ArrayList<>();
        for (int i = 0; i < secondsAgoAndReplicas.length; i += 2) {
            recs.add(new Recommendation(NOW.minusSeconds(secondsAgoAndReplicas[i]), secondsAgoAndReplicas[i + 1]));
        }
        return new TargetMemory(NOW.minus(Duration.ofHours(1)), recs, List.of(), null, 0, null);
    }

    static TargetMemory withEvent(int secondsAgo, int from, int to) {
        return new TargetMemory(NOW.minus(Duration.ofHours(1)), List.of(),
                List.of(new ScaleEvent(NOW.minusSeconds(secondsAgo), from, to)), null, 0, from < to ? NOW.minusSeconds(secondsAgo) : null);
    }

    record Row(String label, TargetPolicy policy, Observation observation, TargetMemory memory, int expected,
               String reasonContains) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Row> rows() {
        Behavior docsDown = new Behavior(Duration.ZERO, List.of(
                new RatePolicy(RatePolicy.Type.PODS, 4, Duration.ofSeconds(60)),
                new RatePolicy(RatePolicy.Type.PERCENT, 10, Duration.ofSeconds(60))), Behavior.Select.MAX);
        return Stream.of(
                // --- HPA parity: ratio and tolerance (replica_calculator.go)
                new Row("within tolerance: no change", policy(b -> b.noBurst()), obs(3, 3, RPS, 160.0, 160.0), settled(), 3, "keep shop/web 3"),
                new Row("just past tolerance: ceil(total / target)", policy(b -> b.noBurst()), obs(3, 3, RPS, 170.0, 170.0), settled(), 4, "scale shop/web 3 -> 4"),
                new Row("5x load: 412 rps at 50/replica", policy(b -> b.noBurst()), obs(3, 3, RPS, 412.0, 412.0), settled(), 7, "412.0 vs 50/replica x 3"),
                new Row("float noise does not round 3.0000000000000004 up", policy(b -> b.noBurst().signals(SignalRule.of(SignalKind.RPS_PER_REPLICA, WEB, 55))),
                        obs(2, 2, SignalRule.of(SignalKind.RPS_PER_REPLICA, WEB, 55), 165.0, 165.0), settled(), 3, "-> 3"),
                new Row("largest recommendation wins", policy(b -> b.noBurst().signals(RPS, INFLIGHT)),
                        obs(4, 4, RPS, 200.0, 200.0, INFLIGHT, 80.0, 80.0), settled(), 8, "inflightPerReplica"),
                // --- HPA parity: rate limits (calculateScaleUpLimitWithScalingRules / ...ScaleDownLimit...)
                new Row("scale-up limited to max(4 pods, 100%) per 15 s", policy(b -> b.noBurst()), obs(2, 2, RPS, 1000.0, 1000.0), settled(), 6, "scale-up rate limit"),
                new Row("scale-up within a period counts what was added", policy(b -> b.noBurst()), obs(6, 6, RPS, 1000.0, 1000.0), withEvent(5, 2, 6), 6, "keep"),
                new Row("scale-up after the period", policy(b -> b.noBurst()), obs(6, 6, RPS, 1000.0, 1000.0), withEvent(16, 2, 6), 12, "-> 12"),
                new Row("docs: down 80 with Pods 4 and Percent 10 per 60 s, Max: 72", policy(b -> b.noBurst().down(docsDown)),
                        obs(80, 80, RPS, 500.0, 500.0), settled(), 72, "scale shop/web 80 -> 72"),
                new Row("same with selectPolicy Min: 76", policy(b -> b.noBurst().down(new Behavior(Duration.ZERO, docsDown.policies(), Behavior.Select.MIN))),
                        obs(80, 80, RPS, 500.0, 500.0), settled(), 76, "-> 76"),
                new Row("scale-down disabled", policy(b -> b.noBurst().down(new Behavior(Duration.ZERO, List.of(), Behavior.Select.DISABLED))),
                        obs(8, 8, RPS, 50.0, 50.0), settled(), 8, "keep"),
                // --- HPA parity: stabilization (stabilizeRecommendationWithBehaviors)
                new Row("down stabilization keeps the max of 300 s", policy(b -> b.noBurst()), obs(10, 10, RPS, 200.0, 200.0), withRecommendations(100, 10), 10, "keep"),
                new Row("down after the window has passed", policy(b -> b.noBurst()), obs(10, 10, RPS, 200.0, 200.0), withRecommendations(301, 10), 4, "-> 4"),
                new Row("down to the highest recent recommendation", policy(b -> b.noBurst()), obs(10, 10, RPS, 200.0, 200.0), withRecommendations(200, 7, 100, 6), 7, "-> 7"),
                // --- min/max
                new Row("capped at maxReplicas", policy(b -> b.noBurst().minMax(1, 10)), obs(8, 8, RPS, 5000.0, 5000.0), settled(), 10, "-> 10"),
                new Row("raised to minReplicas", policy(b -> b.noBurst().minMax(2, 10)), obs(1, 1, RPS, 10.0, 10.0), settled(), 2, "-> 2"),
                new Row("above max comes down to max", policy(b -> b.noBurst().minMax(1, 5)), obs(9, 9, RPS, 450.0, 450.0), settled(), 5, "-> 5"),
                // --- missing and stale data (a source never hands stale values: they arrive as no reading)
                new Row("no data: hold", policy(b -> b.noBurst()), obs(5, 5), settled(), 5, "no fresh signal (holding)"),
                new Row("no data: fallback floor raises", policy(b -> b.noBurst().missing(new MissingSignals(MissingSignals.Action.FALLBACK, 8))), obs(5, 5), settled(), 8, "fallback floor 8"),
                new Row("no data: fallback never lowers", policy(b -> b.noBurst().missing(new MissingSignals(MissingSignals.Action.FALLBACK, 2))), obs(5, 5), settled(), 5, "keep"),
                new Row("null values are missing, not zero", policy(b -> b.noBurst()), obs(5, 5, RPS, null, null), settled(), 5, "no fresh signal"),
                new Row("stable window not filled: fast window scales up", policy(b -> b.noBurst()), obs(2, 2, RPS, null, 300.0), settled(), 6, "window not filled yet"),
                new Row("stable window not filled: fast window never scales down", policy(b -> b.noBurst()), obs(8, 8, RPS, null, 50.0), settled(), 8, "keep"),
                new Row("one rule missing: no scale-down", policy(b -> b.noBurst().signals(RPS, INFLIGHT)), obs(10, 10, RPS, 20.0, 20.0), settled(), 10, "keep"),
                new Row("one rule missing: scale-up still allowed", policy(b -> b.noBurst().signals(RPS, INFLIGHT)), obs(2, 2, RPS, 200.0, 200.0), settled(), 4, "-> 4"),
                new Row("a Traefik replica missing: lower bound can scale up", policy(b -> b.noBurst()),
                        new Observation(2, 2, Map.of(RPS, new Reading(300.0, 300.0, false))), settled(), 6, "lower bound"),
                new Row("a Traefik replica missing: never scales down", policy(b -> b.noBurst()),
                        new Observation(10, 10, Map.of(RPS, new Reading(100.0, 100.0, false))), settled(), 10, "keep"),
                new Row("error guard blocks scale-down", policy(b -> b.noBurst().signals(RPS, GUARD)), obs(10, 10, RPS, 50.0, 50.0, GUARD, 0.2, 0.2), settled(), 10, "keep"),
                new Row("error guard does not scale up", policy(b -> b.noBurst().signals(RPS, GUARD)), obs(3, 3, RPS, 150.0, 150.0, GUARD, 0.5, 0.5), settled(), 3, "keep"),
                // --- latency objective, start-up awareness
                new Row("p99 over objective scales up", policy(b -> b.noBurst().signals(P99)), obs(4, 4, P99, 0.6, 0.6), settled(), 8, "p99 0.600s vs objective 0.3s"),
                new Row("p99 below objective never scales down", policy(b -> b.noBurst().signals(P99)), obs(4, 4, P99, 0.05, 0.05), settled(), 4, "every signal within its objective"),
                new Row("p99 within objective does not hold the count up against rps", policy(b -> b.noBurst().signals(RPS, P99)),
                        obs(10, 10, RPS, 100.0, 100.0, P99, 0.05, 0.05), settled(), 2, "-> 2"),
                new Row("overloaded p99 at most doubles the replicas", policy(b -> b.signals(P99)), obs(4, 4, P99, 60.0, 60.0), settled(), 8, "-> 8"),
                new Row("p99 held while new pods start", policy(b -> b.noBurst().signals(P99)), obs(6, 3, P99, 0.9, 0.9), withEvent(10, 3, 6), 6,
                        "the last scale-up, 10s ago, is not in the latency windows yet (start-up 30s + fast window 10s; 3 of 6 pods ready)"),
                // The windows still cover the overload the new pods were asked for: doubling again is how a
                // latency rule ran a flash crowd to 8x its pods in the replay.
                new Row("p99 held for a fast window after the start-up time", policy(b -> b.noBurst().signals(P99)), obs(6, 6, P99, 0.9, 0.9), withEvent(35, 3, 6), 6,
                        "35s ago, is not in the latency windows yet"),
                new Row("p99 counts again after start-up time and a fast window", policy(b -> b.noBurst().signals(P99)), obs(6, 3, P99, 0.9, 0.9), withEvent(41, 3, 6), 12, "-> 12"),
                new Row("p99 judged on the fresher window: the fast one back within objective", policy(b -> b.noBurst().signals(P99)),
                        obs(4, 4, P99, 0.6, 0.1), settled(), 4, "every signal within its objective"),
                new Row("p99 over objective in both windows scales on the lower", policy(b -> b.noBurst().signals(P99)),
                        obs(4, 4, P99, 0.9, 0.45), settled(), 6, "p99 0.450s vs objective 0.3s (ratio 1.50) wants 6"),
                // --- in flight is queue-driven: past saturation it counts the backlog, not the load
                new Row("in flight scales proportionally within a doubling", policy(b -> b.noBurst().signals(INFLIGHT)),
                        obs(4, 4, INFLIGHT, 70.0, 70.0), settled(), 7, "70.0 vs 10/replica x 4 (ratio 1.75) wants 7"),
                new Row("in flight at most doubles per decision", policy(b -> b.noBurst().signals(INFLIGHT)),
                        obs(4, 4, INFLIGHT, 4000.0, 4000.0), settled(), 8, "at most x2 per decision"),
                new Row("in flight held while a scale-up settles", policy(b -> b.noBurst().signals(INFLIGHT)),
                        obs(8, 8, INFLIGHT, 4000.0, 4000.0), withEvent(20, 4, 8), 8, "backlog from before the last scale-up"),
                new Row("in flight still scales down while a scale-up settles", policy(b -> b.noBurst().signals(INFLIGHT)),
                        obs(8, 8, INFLIGHT, 20.0, 20.0), withEvent(20, 4, 8), 2, "-> 2"),
                new Row("in flight in a burst also at most doubles", policy(b -> b.signals(INFLIGHT)),
                        obs(4, 4, INFLIGHT, 40.0, 4000.0), settled(), 8, "burst mode"),
                new Row("p99 with no fast window is judged on the stable one", policy(b -> b.noBurst().signals(P99)),
                        obs(4, 4, P99, 0.6, null), settled(), 8, "p99 0.600s"),
                // --- new leader
                new Row("new leader does not scale down before a full window", policy(b -> b.noBurst()), obs(10, 10, RPS, 100.0, 100.0),
                        TargetMemory.fresh(NOW.minusSeconds(20)), 10, "keep"),
                new Row("new leader scales up at once", policy(b -> b.noBurst()), obs(2, 2, RPS, 300.0, 300.0),
                        TargetMemory.fresh(NOW), 6, "-> 6"),
                // --- burst mode
                new Row("burst: fast window 5x the ready pods scales at once, past the rate policies", policy(b -> b), obs(2, 2, RPS, 100.0, 500.0), settled(), 10, "burst mode"),
                new Row("burst: still capped at maxReplicas", policy(b -> b.minMax(1, 8)), obs(2, 2, RPS, 100.0, 500.0), settled(), 8, "at maxReplicas 8"),
                new Row("in a burst, fast-window jitter within tolerance does not add a replica", policy(b -> b), obs(10, 10, RPS, 400.0, 505.0),
                        new TargetMemory(NOW.minus(Duration.ofHours(1)), List.of(), List.of(), NOW.plusSeconds(30), 10, null), 10, "keep"),
                new Row("no burst below the threshold", policy(b -> b), obs(4, 4, RPS, 200.0, 350.0), settled(), 4, "keep"),
                new Row("in a burst nothing scales down", policy(b -> b), obs(8, 8, RPS, 100.0, 100.0),
                        new TargetMemory(NOW.minus(Duration.ofHours(1)), List.of(), List.of(), NOW.plusSeconds(30), 8, null), 8, "keep"),
                new Row("burst turned off by a policy reload ends the remembered burst", policy(b -> b.noBurst()), obs(2, 2, RPS, 1000.0, 1000.0),
                        new TargetMemory(NOW.minus(Duration.ofHours(1)), List.of(), List.of(), NOW.plusSeconds(30), 2, null), 6, "scale-up rate limit"),
                new Row("after the burst, normal rules again", policy(b -> b.down(new Behavior(Duration.ZERO, Behavior.HPA_DEFAULT_DOWN.policies(), Behavior.Select.MAX))),
                        obs(8, 8, RPS, 100.0, 100.0),
                        new TargetMemory(NOW.minus(Duration.ofHours(1)), List.of(), List.of(), NOW.minusSeconds(1), 8, null), 2, "-> 2"));
    }

    /** Observation {@code o} with {@code pods} replicas the scheduler cannot place. */
    static Observation unschedulable(Observation o, int pods) {
        return new Observation(o.specReplicas(), o.readyReplicas(), o.readings(), pods, "0/3 nodes are available: 3 Insufficient cpu.");
    }

    static Stream<Row> unschedulableRows() {
        String noRoom = "3 cannot be scheduled (0/3 nodes are available: 3 Insufficient cpu.): only the load's rate adds replicas";
        return Stream.of(
                new Row("pods with no node: the load's rate still adds", policy(b -> b.noBurst()), unschedulable(obs(6, 3, RPS, 500.0, 500.0), 3),
                        settled(), 10, noRoom),
                new Row("latency with every pod placed doubles the count", policy(b -> b.noBurst().signals(P99)), obs(6, 6, P99, 2.0, 2.0),
                        settled(), 12, "-> 12"),
                new Row("latency while pods wait for a node adds none: it measures the capacity already asked for",
                        policy(b -> b.noBurst().signals(P99)), unschedulable(obs(6, 3, P99, 2.0, 2.0), 3), settled(), 6, noRoom),
                new Row("in flight with every pod placed doubles the count", policy(b -> b.noBurst().signals(INFLIGHT)), obs(6, 6, INFLIGHT, 200.0, 200.0),
                        settled(), 12, "-> 12"),
                new Row("in flight while pods wait adds none", policy(b -> b.noBurst().signals(INFLIGHT)),
                        unschedulable(obs(6, 3, INFLIGHT, 200.0, 200.0), 3), settled(), 6, noRoom),
                new Row("with no signal the fallback floor adds none either", policy(b -> b.missing(new MissingSignals(MissingSignals.Action.FALLBACK, 9))),
                        unschedulable(obs(6, 3), 3), settled(), 6, "fallback floor 9; " + noRoom),
                new Row("a scale-down still goes ahead", policy(b -> b.noBurst().down(Behavior.HPA_DEFAULT_UP)), unschedulable(obs(6, 3, RPS, 50.0, 50.0), 3),
                        settled(), 1, "scale shop/web 6 -> 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unschedulableRows")
    void podsWithNoNodeAreNotStarting(Row row) {
        decides(row);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decides(Row row) {
        Decision d = new Decider().decide(row.policy(), row.observation(), row.memory(), NOW);
        assertEquals(row.expected(), d.desired(), d.reason() + " " + d.details());
        assertTrue(d.reason().contains(row.reasonContains()) || d.details().stream().anyMatch(s -> s.contains(row.reasonContains())),
                "reason '" + d.reason() + "' / details " + d.details() + " should mention '" + row.reasonContains() + "'");
    }

    /** Issue 13 item 22: the Event of a burst-mode change names the fast-window figure that drove it. */
    @Test
    void aBurstReasonSaysWhatTheFastWindowAsked() {
        Decision d = new Decider().decide(policy(b -> b), obs(2, 2, RPS, 100.0, 500.0), settled(), NOW);
        assertEquals("scale shop/web 2 -> 10: rpsPerReplica(backend shop/web) 100.0 vs 50/replica x 2 (ratio 1.00) wants 2; "
                + "burst mode: fast window (10s) wants 10, 5.0x the 2 ready", d.reason());
        Decision held = new Decider().decide(policy(b -> b), obs(10, 10, RPS, 100.0, 100.0), d.memory(), NOW.plusSeconds(20));
        assertEquals(10, held.desired());
        assertTrue(held.reason().endsWith("; burst mode for 40s more: holding its 10"), held.reason());
    }

    @Test
    void burstStartsAndIsRemembered() {
        Decision d = new Decider().decide(policy(b -> b), obs(2, 2, RPS, 100.0, 500.0), settled(), NOW);
        assertTrue(d.burst());
        assertEquals(NOW.plusSeconds(60), d.memory().burstUntil());
        assertEquals(10, d.memory().burstFloor(), "the fast window asked for 10; the floor remembers it");
        // Ten seconds later the load is gone from the fast window too: still no scale-down inside the burst.
        Decision later = new Decider().decide(policy(b -> b), obs(6, 6, RPS, 100.0, 100.0), d.memory(), NOW.plusSeconds(10));
        assertTrue(later.burst());
        assertEquals(10, later.desired(), "the burst floor holds the count the fast window asked for: " + later.reason());
    }

    @Test
    void missingDataLeavesMemoryAsItWasButTheGap() {
        TargetMemory m = withRecommendations(10, 5);
        Decision d = new Decider().decide(policy(b -> b), obs(5, 5), m, NOW);
        assertTrue(d.signalsMissing());
        assertEquals(m.recommendations(), d.memory().recommendations());
        assertEquals(m.events(), d.memory().events());
        assertEquals(m.burstUntil(), d.memory().burstUntil());
        // The load history remembers a gap, never a zero.
        assertEquals(LoadHistory.EMPTY.with(NOW, null), d.memory().loads());
        assertTrue(d.memory().loads().toString().contains("NaN"));
        assertFalse(d.changes());
    }

    @Test
    void recommendationsArePrunedToTheLongestWindow() {
        Decision d = new Decider().decide(policy(b -> b.noBurst()), obs(3, 3, RPS, 150.0, 150.0),
                withRecommendations(400, 9, 100, 4), NOW);
        assertEquals(List.of(new Recommendation(NOW.minusSeconds(100), 4), new Recommendation(NOW, 3)), d.memory().recommendations());
    }

    @Test
    void sameInputsGiveTheSameDecision() {
        TargetPolicy p = policy(b -> b);
        Observation o = obs(3, 3, RPS, 412.0, 900.0);
        assertEquals(new Decider().decide(p, o, settled(), NOW), new Decider().decide(p, o, settled(), NOW));
    }

    /** The explanation as data: the driving rule's finding, the numbers its sentence says. */
    @Test
    void theDrivingRulesFindingIsTheDataOfItsReason() {
        Decision rps = new Decider().decide(policy(b -> b.noBurst()), obs(3, 3, RPS, 412.0, 412.0), settled(), NOW);
        assertEquals(new Finding(RPS, 412.0, 50.0, 9), rps.cause());
        assertTrue(rps.reason().contains("rpsPerReplica(backend shop/web) 412.0 vs 50/replica x 3 (ratio 2.75) wants 9"), rps.reason());

        Decision latency = new Decider().decide(policy(b -> b.noBurst().signals(RPS, P99)),
                obs(4, 4, RPS, 200.0, 200.0, P99, 0.45, 0.45), settled(), NOW);
        assertEquals(new Finding(P99, 0.45, 0.3, 6), latency.cause(), latency.reason());

        Decision within = new Decider().decide(policy(b -> b.noBurst().signals(P99)), obs(4, 4, P99, 0.1, 0.1), settled(), NOW);
        assertEquals(null, within.cause(), "every signal within its objective: no rule drove it");
        Decision nothing = new Decider().decide(policy(b -> b.noBurst()), obs(4, 4), settled(), NOW);
        assertEquals(null, nothing.cause(), "no signal: no rule drove it");
        assertTrue(nothing.signalsMissing());
    }
}
