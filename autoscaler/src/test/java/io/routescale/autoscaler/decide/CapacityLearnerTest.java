package io.routescale.autoscaler.decide;

import io.routescale.autoscaler.policy.Objective;
import io.routescale.autoscaler.policy.PolicyParser;
import io.routescale.autoscaler.policy.SignalKind;
import io.routescale.autoscaler.policy.SignalRule;
import io.routescale.autoscaler.policy.TargetPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.routescale.autoscaler.decide.DeciderTest.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an objective target learns from one decision's windows, as a table; and how its target follows. */
class CapacityLearnerTest {
    static TargetPolicy objective(String extra) throws Exception {
        return new PolicyParser().parse("targets: [{namespace: shop, name: web, maxReplicas: 100, objective: {p99Latency: 0.25"
                + extra + "}}]").targets().get(0);
    }

    static SignalRule rule(TargetPolicy p, SignalKind kind) {
        return p.signals().stream().filter(r -> r.kind() == kind).findFirst().orElseThrow();
    }

    /** Fast-window readings (the learner's): total rps, p99 and error ratio; null leaves a reading out. */
    static Observation obs(TargetPolicy p, int spec, int ready, Double rps, Double p99, Double errors, boolean complete) {
        Map<SignalRule, Reading> readings = new HashMap<>();
        if (rps != null) {
            readings.put(rule(p, SignalKind.LEARNED_RPS_PER_REPLICA), new Reading(rps, rps, complete));
        }
        if (p99 != null) {
            readings.put(rule(p, SignalKind.P99_LATENCY), new Reading(p99, p99, complete));
        }
        if (errors != null) {
            readings.put(rule(p, SignalKind.ERROR_RATIO_GUARD), new Reading(errors, errors, complete));
        }
        return new Observation(spec, ready, readings);
    }

    /** Memory with an estimate (null: none yet), a no-queueing floor of 0.08 s, the last change long ago. */
    static TargetMemory known(Double estimate) {
        LearnedCapacity c = estimate == null ? null : new LearnedCapacity(estimate, 0.08, NOW.minusSeconds(600), 100, 0.8, 1.0);
        return new TargetMemory(NOW.minus(Duration.ofHours(1)), List.of(new Recommendation(NOW.minusSeconds(1), 10)), List.of(), null, 0,
                null, NOW.minusSeconds(3600), c, LoadHistory.EMPTY);
    }

    record Row(String label, int spec, int ready, Double rps, Double p99, Double errors, boolean complete, boolean burst,
               TargetMemory memory, Double expected) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Row> rows() {
        TargetMemory justChanged = new TargetMemory(NOW.minus(Duration.ofHours(1)), List.of(), List.of(), null, 0, null,
                NOW.minusSeconds(5), new LearnedCapacity(80, 0.08, NOW.minusSeconds(600), 100, 0.8, 1.0), LoadHistory.EMPTY);
        return Stream.of(
                // 10 pods serving 600 rps within the objective: 60 per replica is served, a first estimate.
                new Row("first clean window: the load the count serves", 10, 10, 600.0, 0.1, 0.0, true, false, known(null), 60.0),
                new Row("first window missing the objective: 95% of its rate", 10, 10, 600.0, 0.3, 0.0, true, false, known(null), 57.0),
                new Row("first window over the error ratio: 95% of its rate", 10, 10, 600.0, 0.1, 0.05, true, false, known(null), 57.0),
                new Row("pods still starting: not clean", 12, 10, 600.0, 0.1, 0.0, true, false, known(80.0), 80.0),
                new Row("a Traefik replica missing: not clean", 10, 10, 600.0, 0.1, 0.0, false, false, known(80.0), 80.0),
                new Row("burst in force: not clean", 10, 10, 600.0, 0.1, 0.0, true, true, known(80.0), 80.0),
                new Row("no p99 reading: not clean", 10, 10, 600.0, null, 0.0, true, false, known(80.0), 80.0),
                new Row("count changed inside the fast window: not clean", 10, 10, 600.0, 0.1, 0.0, true, false, justChanged, 80.0),
                // Served within the objective at 90 per replica: at least 90.
                new Row("good above the estimate raises it to that rate", 10, 10, 900.0, 0.2, 0.0, true, false, known(80.0), 90.0),
                // Missed at 75 with an estimate of 80: cut by at most 3%, to 77.6 (95% of 75 = 71.25 is lower).
                new Row("missed at or below the estimate: at most 3% lower", 10, 10, 750.0, 0.3, 0.0, true, false, known(80.0), 77.6),
                // Missed at 79: the cut is again the most a window may make, 3%.
                new Row("missed just below the estimate: 3% lower", 10, 10, 790.0, 0.3, 0.0, true, false, known(80.0), 77.6),
                new Row("missed well above the estimate: expected there, no news", 10, 10, 900.0, 0.4, 0.0, true, false, known(80.0), 80.0),
                // Near the target (80 x 0.85 / 1.02 = 66.7 while the load's history is short; 90% of it is 60) with
                // p99 at the floor: the full 5% a minute, for the 1 s since the last decision.
                new Row("flat latency near the target: explores 5%/min", 10, 10, 650.0, 0.08, 0.0, true, false, known(80.0), 80 * (1 + 0.05 / 60)),
                // p99 0.17 is past half-way from the floor 0.08 to 0.25: no more growth.
                new Row("latency past half-way to the objective: stops", 10, 10, 650.0, 0.17, 0.0, true, false, known(80.0), 80.0),
                new Row("far below the target: says nothing", 10, 10, 400.0, 0.08, 0.0, true, false, known(80.0), 80.0));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void learns(Row r) throws Exception {
        TargetPolicy p = objective("");
        LearnedCapacity c = CapacityLearner.learn(p, obs(p, r.spec(), r.ready(), r.rps(), r.p99(), r.errors(), r.complete()),
                r.memory(), NOW, r.burst());
        if (r.expected() == null) {
            assertNull(c);
        } else {
            assertEquals(r.expected(), c.rpsPerReplica(), 1e-9, r.label());
        }
        if (r.label().endsWith("not clean")) {
            assertSame(r.memory().capacity(), c, "an unclean window leaves the memory as it was");
        }
    }

    @Test
    void theTargetLeavesRoomForTheLoadsOwnReRisesAndTheToleranceBand() throws Exception {
        TargetPolicy p = objective("");
        TargetMemory m = known(80.0);
        // Under 5 minutes of history: 85% of the 95% utilization, under the top of a 2% band.
        assertEquals(80 * 0.85 * 0.95 / 1.02, CapacityLearner.target(p, m), 1e-9);
        LoadHistory steady = LoadHistory.EMPTY;
        LoadHistory bursty = LoadHistory.EMPTY;
        for (int i = 0; i < 60; i++) {
            steady = steady.with(NOW.plusSeconds(10L * i), 1000.0);
            bursty = bursty.with(NOW.plusSeconds(10L * i), i % 6 == 0 ? 1300.0 : 1000.0);
        }
        TargetMemory calm = new TargetMemory(m.observingSince(), m.recommendations(), m.events(), null, 0, null, m.lastChangeAt(), m.capacity(), steady);
        assertEquals(80 * 0.95 / 1.02, CapacityLearner.target(p, calm), 1e-9, "steady load: the utilization cap");
        TargetMemory jumpy = new TargetMemory(m.observingSince(), m.recommendations(), m.events(), null, 0, null, m.lastChangeAt(), m.capacity(), bursty);
        assertEquals(80 / 1.3 / 1.02, CapacityLearner.target(p, jumpy), 1e-9, "re-rises of 30% within 30 s: room for them");
    }

    @Test
    void aConfiguredFirstEstimateDrivesUntilTheFirstCleanWindowAndExplainsItself() throws Exception {
        TargetPolicy p = objective(", initialRpsPerReplica: 50");
        assertEquals(new Objective(0.25, 0.01, 0.95, 50.0), p.objective());
        TargetMemory empty = known(null);
        assertEquals(50 * 0.85 * 0.95 / 1.02, CapacityLearner.target(p, empty), 1e-9);
        assertTrue(CapacityLearner.explain(p, empty, NOW).startsWith("no clean window yet: configured 50 rps/replica"));
        assertNull(CapacityLearner.target(objective(""), empty), "no estimate and none configured: the rule has no data");
        // A first clean window at 40 per replica within the objective keeps the configured 50 (at least 40 holds).
        assertEquals(50, CapacityLearner.learn(p, obs(p, 10, 10, 400.0, 0.1, 0.0, true), empty, NOW, false).rpsPerReplica());
        TargetMemory learned = known(80.0);
        assertEquals(String.format(java.util.Locale.ROOT, "learned capacity 80.0 rps/replica from 10 min at 80-100%% of it; "
                        + "target %.1f (79%%: room for the load's own re-rises)", 80 * 0.85 * 0.95 / 1.02),
                CapacityLearner.explain(p, learned, NOW));
    }

    @Test
    void aMissBecomesACeilingAndPausesExplorationSoASteadyLoadDoesNotHunt() throws Exception {
        TargetPolicy p = objective("");
        // Missed at 78 per replica with an estimate of 80: cut to 77.6, ceiling 78, no exploration for 10 minutes.
        LearnedCapacity cut = CapacityLearner.learn(p, obs(p, 10, 10, 780.0, 0.3, 0.0, true), known(80.0), NOW, false);
        assertEquals(77.6, cut.rpsPerReplica(), 1e-9);
        assertEquals(78, cut.ceiling(), 1e-9);
        assertEquals(NOW, cut.lastCutAt());
        TargetMemory after = new TargetMemory(NOW.minus(Duration.ofHours(1)), List.of(new Recommendation(NOW, 10)), List.of(), null, 0,
                null, NOW.minusSeconds(3600), cut, LoadHistory.EMPTY);
        // Flat latency near the target a second later: exploration waits.
        LearnedCapacity waiting = CapacityLearner.learn(p, obs(p, 10, 10, 650.0, 0.08, 0.0, true), after, NOW.plusSeconds(1), false);
        assertEquals(77.6, waiting.rpsPerReplica(), 1e-9);
        // After the back-off it explores again, but never past 3% under the (slowly forgotten) ceiling.
        TargetMemory later = new TargetMemory(after.observingSince(), List.of(new Recommendation(NOW.plusSeconds(659), 10)), List.of(),
                null, 0, null, after.lastChangeAt(), new LearnedCapacity(75.6, 0.08, NOW.minusSeconds(600), 100, 0.8, 1.0, 78, NOW), LoadHistory.EMPTY);
        LearnedCapacity capped = CapacityLearner.learn(p, obs(p, 10, 10, 620.0, 0.08, 0.0, true), later, NOW.plusSeconds(660), false);
        double ceiling = 78 * (1 + 0.01 / 600);
        assertEquals(ceiling, capped.ceiling(), 1e-9, "1% per 10 minutes, for the 1 s since the last decision");
        assertEquals(Math.min(75.6 * (1 + 0.05 / 60), 0.97 * ceiling), capped.rpsPerReplica(), 1e-9);
        // Served within the objective above the ceiling: the old miss no longer holds.
        LearnedCapacity lifted = CapacityLearner.learn(p, obs(p, 10, 10, 790.0, 0.2, 0.0, true), later, NOW.plusSeconds(660), false);
        assertTrue(Double.isNaN(lifted.ceiling()));
        assertEquals(79, lifted.rpsPerReplica(), 1e-9);
    }
}
