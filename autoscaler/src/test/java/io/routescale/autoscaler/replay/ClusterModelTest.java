package io.routescale.autoscaler.replay;

import io.routescale.autoscaler.policy.PolicyParser;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The M/M/c model with base latency, warm-up and a capacity change; and the oracle as a lower bound under each. */
class ClusterModelTest {
    static final ClusterModel MMC = new ClusterModel(250, 0.25, 20, 8, 0.05, 0, 1, -1, 1);

    @Test
    void erlangCMatchesItsTextbookValues() {
        // Two servers, one erlang: C = 1/3. One server: C = rho.
        assertEquals(1.0 / 3, ClusterModel.erlangC(2, 1), 1e-12);
        assertEquals(0.6, ClusterModel.erlangC(1, 0.6), 1e-12);
        assertEquals(1, ClusterModel.erlangC(4, 4), "saturated: every arrival waits");
    }

    @Test
    void oneWorkerIsTheMm1ClosedFormAndTheGeneralFormAgrees() {
        ClusterModel bisected = new ClusterModel(100, 0.25, 20, 1, 0, 0, 1, -1, 1);
        assertEquals(Math.log(100) / (100 - 60), ClusterModel.DEFAULT.p99(60, 1), 1e-12);
        assertEquals(ClusterModel.DEFAULT.p99(60, 1), bisected.p99(60, 1), 1e-12);
        // The same M/M/1 by the mixture path (a warming pod at full capacity changes nothing) within 1 µs.
        ClusterModel warmingAtFull = new ClusterModel(100, 0.25, 20, 1, 0, 60, 1, -1, 1);
        assertEquals(ClusterModel.DEFAULT.p99(120, 2), warmingAtFull.p99(120, 2, 1, 0), 1e-6);
    }

    @Test
    void manyWorkersKeepTheP99FlatNearTheServiceTimeUntilTheKnee() {
        // No load: base + the p99 of one exponential service at 250 / 8 per second.
        assertEquals(0.05 + Math.log(100) * 8 / 250, MMC.p99(0.001, 1), 1e-4);
        double x = MMC.sloRatePerReplica();
        assertEquals(0.25, MMC.p99(x, 1), 1e-6, "the SLO rate is where p99 reaches the SLO");
        assertTrue(MMC.p99(0.5 * x, 1) < 0.2, "flat at half of it");
        double previous = 0;
        for (double load = 10; load < 250; load += 10) {
            double p99 = MMC.p99(load, 1);
            assertTrue(p99 >= previous, "p99 never falls as load rises, at " + load);
            previous = p99;
        }
        assertEquals(Double.POSITIVE_INFINITY, MMC.p99(260, 1));
        // Little's law: mean latency x rate; at no queueing the mean is base + 1 / service rate.
        assertEquals(0.001 * (0.05 + 8.0 / 250), MMC.inFlight(0.001, 1, 60), 1e-6);
    }

    @Test
    void warmingPodsServeLessAndACapacityChangeAppliesFromItsSecond() {
        ClusterModel jvm = new ClusterModel(100, 0.25, 20, 1, 0, 60, 0.5, 1000, 0.7);
        // 140 rps on 2 pods: 70 each. Warm: fine; one warming at 50 rps capacity: overloaded, p99 unbounded.
        assertTrue(jvm.p99(140, 2, 0, 0) < 0.25);
        assertEquals(Double.POSITIVE_INFINITY, jvm.p99(140, 2, 1, 0));
        assertEquals(20, jvm.overCapacity(140, 2, 1, 0), 1e-9, "the warming pod's 70 over its 50");
        assertEquals(100, jvm.capacityAt(999));
        assertEquals(70, jvm.capacityAt(1000), 1e-9);
        assertEquals(ClusterModel.DEFAULT.needed(1400), jvm.needed(1400, 0));
        assertTrue(jvm.needed(1400, 1000) > jvm.needed(1400, 0), "a slower release needs more pods");
    }

    @Test
    void badModelsAreOneLineNamingTheParameter() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ClusterModel(100, 0.25, 20, 0, 0, 0, 1, -1, 1))
                .getMessage().startsWith("workers per pod must be from 1 to 1000"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ClusterModel(100, 0.25, 20, 1, 0.3, 0, 1, -1, 1))
                .getMessage().startsWith("base latency must be at least 0 and below the SLO"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ClusterModel(40, 0.25, 20, 8, 0.05, 0, 1, -1, 1).sloRatePerReplica())
                .getMessage().contains("the service time alone exceeds it"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ReplayCommand.run(new String[] {"--scenario", "flash-crowd", "--model", "mmc-slow", "--slo-seconds", "0.5"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString().startsWith("replay: model: an SLO of 0.5 s cannot be met at capacity 40.0 rps with 8 workers"), err.toString());
        err.reset();
        code = ReplayCommand.run(new String[] {"--scenario", "flash-crowd", "--capacity-change-at", "100"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertEquals("replay: model: --capacity-change-at and --capacity-change-factor go together", err.toString().strip());
    }

    /** Under every model, every run with no violation second uses at least the oracle's pod-seconds. */
    @Test
    void theOracleIsALowerBoundUnderEveryModel() throws Exception {
        List<ClusterModel> models = new java.util.ArrayList<>(Models.all().values());
        models.add(new ClusterModel(100, 0.25, 20, 1, 0, 60, 0.5, 700, 0.7));
        models.add(new ClusterModel(250, 0.25, 20, 8, 0.05, 30, 0.6, 500, 1.3));
        Trace trace = Scenarios.get("diurnal");
        int checked = 0;
        for (ClusterModel m : models) {
            for (double fraction : new double[] {0.3, 0.5}) {
                double target = fraction * m.sloRatePerReplica();
                Report r = Replay.run(trace, new PolicyParser().parse("targets: [{namespace: shop, name: web, maxReplicas: 1000, "
                        + "signals: [{type: rpsPerReplica, target: " + target + "}]}]"), m, "p", null);
                double oracle = r.policies().get("oracle").podSeconds();
                assertEquals(0, r.policies().get("oracle").sloViolationSeconds(), m + ": the oracle meets the SLO");
                for (Map.Entry<String, PolicyResult> e : r.policies().entrySet()) {
                    if (e.getValue().sloViolationSeconds() == 0 && !e.getKey().equals("oracle")) {
                        assertTrue(e.getValue().podSeconds() >= oracle, m + " " + e.getKey() + ": " + e.getValue().podSeconds() + " < " + oracle);
                        checked++;
                    }
                }
            }
        }
        // 5 models x 2 targets x 3 scalers = 30 runs; 22 have no violation second (a run with one bounds nothing).
        assertEquals(22, checked, "zero-violation runs checked");
    }
}
