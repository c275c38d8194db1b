package io.routescale.autoscaler.replay;

import io.micronaut.serde.ObjectMapper;
import io.routescale.autoscaler.policy.Policy;
import io.routescale.autoscaler.policy.PolicyParser;
import io.routescale.autoscaler.policy.SignalKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayTest {
    static final ClusterModel MODEL = ClusterModel.DEFAULT;

    static Policy policy(double target) throws Exception {
        return new PolicyParser().parse("targets: [{namespace: shop, name: web, maxReplicas: 1000, "
                + "signals: [{type: rpsPerReplica, target: " + target + "}]}]");
    }

    static List<String> scenarios() {
        return Scenarios.names();
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void sameInputsGiveTheSameReport(String scenario) throws Exception {
        Report a = Replay.run(Scenarios.get(scenario), policy(60), MODEL, "p", null);
        Report b = Replay.run(Scenarios.get(scenario), policy(60), MODEL, "p", null);
        assertEquals(ObjectMapper.getDefault().writeValueAsString(a), ObjectMapper.getDefault().writeValueAsString(b));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void oracleIsALowerBoundOnPodSecondsAtZeroViolations(String scenario) throws Exception {
        // Over several targets, so that some runs of every policy have no violation at all.
        for (double target : new double[] {40, 60, 75}) {
            Report r = Replay.run(Scenarios.get(scenario), policy(target), MODEL, "p", null);
            PolicyResult oracle = r.policies().get("oracle");
            assertEquals(0, oracle.sloViolationSeconds());
            for (Map.Entry<String, PolicyResult> e : r.policies().entrySet()) {
                if (e.getValue().sloViolationSeconds() == 0) {
                    assertTrue(oracle.podSeconds() <= e.getValue().podSeconds(),
                            scenario + " target " + target + ": " + e.getKey() + " " + e.getValue().podSeconds() + " < oracle " + oracle.podSeconds());
                }
            }
        }
    }

    @Test
    void metricGapNeverScalesDownDuringTheGap() throws Exception {
        Report r = Replay.run(Scenarios.get("metric-gap"), policy(60), MODEL, "p", null);
        for (String name : List.of("routescale", "hpa")) {
            int[] replicas = r.policies().get(name).replicas();
            // The gap is 300..420 s (plus the windows' lag); the real load dips meanwhile, unseen.
            for (int t = 301; t < 420; t++) {
                assertTrue(replicas[t] >= replicas[t - 1], name + " scaled down at " + t + " during the gap");
            }
        }
    }

    @Test
    void reportHasOneReplicaValuePerSecondForEveryPolicy() throws Exception {
        Report r = Replay.run(Scenarios.get("flash-crowd"), policy(60), MODEL, "p", null);
        assertEquals(List.of("routescale", "hpa", "kpa", "oracle"), List.copyOf(r.policies().keySet()));
        r.policies().values().forEach(p -> assertEquals(r.seconds(), p.replicas().length));
        assertTrue(r.policies().get("routescale").sloViolationSeconds() < r.policies().get("hpa").sloViolationSeconds(),
                "on a 5x flash crowd routescale's burst mode reacts before the HPA's 15 s sync and 15 s metric lag");
    }

    @Test
    void scalersSeeTheModelsLatencyInFlightAndErrorsWithTheTracesGaps() {
        // 1500 rps on 10 replicas of 100 rps: a third of it over capacity, latency past any bound.
        double[] offered = {1500, 1500, 1500, 1500, 1500, 1500};
        double[] observed = offered.clone();
        observed[3] = Double.NaN;
        Map<Integer, Map<SignalKind, Double>> seen = new java.util.HashMap<>();
        Scaler recorder = new Scaler() {
            @Override
            public String name() {
                return "recorder";
            }

            @Override
            public int desired(int t, SignalsAt load, int spec, int ready) {
                Map<SignalKind, Double> now = new java.util.EnumMap<>(SignalKind.class);
                for (SignalKind kind : SignalKind.values()) {
                    Double v = load.average(kind, t, 1, 1);
                    if (v != null) {
                        now.put(kind, v);
                    }
                }
                seen.put(t, now);
                return spec;
            }
        };
        Simulator.run(recorder, observed, offered, MODEL, 10);
        Map<SignalKind, Double> second2 = seen.get(2);
        assertEquals(1500, second2.get(SignalKind.RPS_PER_REPLICA));
        assertEquals(Simulator.LATENCY_CAP, second2.get(SignalKind.P99_LATENCY));
        assertEquals(1500 * Simulator.LATENCY_CAP / Math.log(100), second2.get(SignalKind.INFLIGHT_PER_REPLICA), 1e-9);
        assertEquals(1.0 / 3, second2.get(SignalKind.ERROR_RATIO_GUARD), 1e-9);
        assertEquals(Map.of(), seen.get(4), "second 3 is a gap in the trace: no signal of any kind, not zero");
        assertEquals(SignalKind.values().length, seen.get(5).size(), "every kind of signal is back");
    }

    @Test
    void modelInFlightFollowsLittlesLawAndErrorsAreTheLoadOverCapacity() {
        // One replica at 60 of 100 rps: W = 1 / (100 - 60) s, L = 60 x W = 1.5.
        assertEquals(1.5, MODEL.inFlight(60, 1, Simulator.LATENCY_CAP), 1e-9);
        assertEquals(0, MODEL.errorRatio(900, 10));
        assertEquals(0.4, MODEL.errorRatio(1000, 6), 1e-9);
    }

    /**
     * Found by the replay: latency and in-flight rules read queueing, which is unbounded past saturation and
     * stays in the windows after the pods that fix it serve. A flash crowd ran such policies to 1.8x (p99) and
     * 7.8x (in flight) the pod-seconds of the same rps target alone.
     */
    @Test
    void queueDrivenRulesDoNotRunAwayOnAFlashCrowd() throws Exception {
        double rpsAlone = Replay.run(Scenarios.get("flash-crowd"), policy(60), MODEL, "p", null)
                .policies().get("routescale").podSeconds();
        for (String rule : List.of("{type: p99Latency, objectiveSeconds: 0.2}", "{type: inflightPerReplica, target: 1.5}")) {
            Policy p = new PolicyParser().parse("targets: [{namespace: shop, name: web, maxReplicas: 1000, "
                    + "signals: [{type: rpsPerReplica, target: 60}, " + rule + "]}]");
            PolicyResult r = Replay.run(Scenarios.get("flash-crowd"), p, MODEL, "p", null).policies().get("routescale");
            assertTrue(r.podSeconds() <= 1.2 * rpsAlone, rule + ": " + r.podSeconds() + " pod-seconds vs " + rpsAlone + " on rps alone");
            int peak = java.util.Arrays.stream(r.replicas()).max().orElseThrow();
            assertTrue(peak <= 40, rule + ": peak " + peak + " replicas for 1500 rps (25 at the rps target)");
        }
    }

    @Test
    void traceTargetMissingFromThePolicyIsAnError() throws Exception {
        Policy other = new PolicyParser().parse("targets: [{namespace: shop, name: api, signals: [{type: rpsPerReplica, target: 5}]}]");
        ReplayException e = assertThrows(ReplayException.class, () -> Replay.run(Scenarios.get("flash-crowd"), other, MODEL, "p", null));
        assertTrue(e.getMessage().startsWith("trace target 'shop/web' is not in the policy"), e.getMessage());
    }

    @Test
    void hpaBaselineFollowsTheDocumentedDefaults() {
        // 300 rps on 5 replicas (target 60: on target), then 1500 rps from t = 100.
        double[] load = new double[400];
        for (int t = 0; t < load.length; t++) {
            load[t] = t < 100 ? 300 : 1500;
        }
        Simulator.Run run = Simulator.run(new HpaScaler(60, 1, 1000), load, load, MODEL, 5);
        // Nothing moves before the 60 s rate, 15 s old, crosses the tolerance at a 15 s sync.
        for (int t = 0; t < 120; t++) {
            assertEquals(5, run.spec()[t], "t=" + t);
        }
        int firstChange = 0;
        while (run.spec()[firstChange] == 5) {
            firstChange++;
        }
        assertEquals(120, firstChange, "the first 15 s sync whose 15 s-old 60 s window shows the step");
        // That window holds 6 s of the step: (54 x 300 + 6 x 1500) / 60 = 420 rps, ceil(420 / 60) = 7.
        assertEquals(7, run.spec()[firstChange]);
        for (int t = 1; t < run.spec().length; t++) {
            if (run.spec()[t] != run.spec()[t - 1]) {
                assertEquals(0, t % HpaScaler.SYNC_SECONDS, "changes only at a sync, t=" + t);
                int before = run.spec()[Math.max(0, t - HpaScaler.SYNC_SECONDS)];
                assertTrue(run.spec()[t] <= Math.max(before + 4, 2 * before), "max(4 pods, 100%) per 15 s at t=" + t);
            }
        }
        assertEquals(25, run.spec()[399], "1500 rps at 60 per replica, reached");
        // And the 300 s scale-down stabilization holds a drop for five minutes.
        double[] drop = new double[700];
        for (int t = 0; t < drop.length; t++) {
            drop[t] = t < 100 ? 1500 : 300;
        }
        Simulator.Run down = Simulator.run(new HpaScaler(60, 1, 1000), drop, drop, MODEL, 25);
        for (int t = 0; t < 100 + HpaScaler.METRIC_DELAY + 299; t++) {
            assertEquals(25, down.spec()[t], "t=" + t);
        }
        assertEquals(5, down.spec()[699]);
    }
}
