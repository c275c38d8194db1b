package io.routescale.autoscaler.replay;

import io.micronaut.serde.ObjectMapper;
import io.routescale.autoscaler.policy.Policy;
import io.routescale.autoscaler.policy.PolicyParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The baselines' frontiers: the sweep, the verdict's arithmetic, and how the replay and its command report them. */
class FrontierTest {
    static final ClusterModel MODEL = ClusterModel.DEFAULT;
    @TempDir
    Path dir;

    static Trace bundledTrace(String name) throws Exception {
        try (java.io.InputStream r = FrontierTest.class.getResourceAsStream("/traces/" + name + ".csv")) {
            return TraceCsv.read(name, r);
        }
    }

    static Policy rps(double target) throws Exception {
        return new PolicyParser().parse("targets: [{namespace: shop, name: checkout, maxReplicas: 1000, signals: [{type: rpsPerReplica, target: "
                + target + "}]}]");
    }

    @Test
    void theDefaultSweepIsThirtyToAHundredPercentInFivePercentSteps() {
        List<Double> f = Sweep.DEFAULT.fractions();
        assertEquals(15, f.size());
        assertEquals(0.30, f.get(0));
        assertEquals(0.65, f.get(7));
        assertEquals(1.00, f.get(14));
        assertEquals(List.of(0.5, 0.75, 1.0), Sweep.parse("0.5:1:0.25").fractions());
    }

    @Test
    void aBadSweepNamesItsForm() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Sweep.parse("0.3-1.0")).getMessage()
                .startsWith("expected FROM:TO:STEP, e.g. 0.3:1.0:0.05"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Sweep.parse("0.3:abc:0.05")).getMessage()
                .contains("as decimal numbers"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Sweep.parse("0.9:0.3:0.05")).getMessage()
                .contains("0 < FROM <= TO <= 2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Sweep.parse("0.01:2:0.001")).getMessage()
                .contains("at most 200 points"));
    }

    static FrontierPoint point(double target, long violations, double pods) {
        return new FrontierPoint(target, target / 100, violations, pods, 0, 0, 0, 0);
    }

    static PolicyResult routescale(long violations, double pods) {
        return new PolicyResult(violations, 0, pods, 0, 0, 0, new int[0], new double[0]);
    }

    @Test
    void routescaleDominatesUnlessAPointIsOnePercentCheaperWithFewerThanTwiceItsViolationsPlusTen() {
        List<FrontierPoint> frontier = List.of(point(30, 0, 2000), point(60, 25, 1000), point(90, 40, 900));
        // 25 < 2 x 10 + 10 = 30 and 1000 < 0.99 x 1020: the 60 point beats it; 40 is not under 30.
        FrontierVerdict v = FrontierVerdict.of(routescale(10, 1020), frontier, 100_000);
        assertFalse(v.dominates());
        assertEquals(List.of(60.0), v.beatenBy());
        // 1000 is not under 0.99 x 1010 = 999.9: no point is cheaper enough.
        assertTrue(FrontierVerdict.of(routescale(10, 1010), frontier, 100_000).dominates());
        // Exactly 2x + 10 violations is not "fewer than".
        assertTrue(FrontierVerdict.of(routescale(10, 1020), List.of(point(60, 30, 1000)), 100_000).dominates());
    }

    @Test
    void theBestSettingIsTheCheapestWithinA999PercentObjective() {
        List<FrontierPoint> frontier = List.of(point(30, 0, 2000), point(60, 9, 1000), point(90, 11, 900));
        // 10,000 s: 10 violating seconds allowed; 60 is the cheapest within it.
        FrontierVerdict v = FrontierVerdict.of(routescale(4, 1000), frontier, 10_000);
        assertEquals(60, v.bestTarget());
        assertTrue(v.halfTheBestsViolations(), "4 <= 9 / 2");
        assertTrue(v.noMoreCostThanBest());
        FrontierVerdict worse = FrontierVerdict.of(routescale(5, 1001), frontier, 10_000);
        assertFalse(worse.halfTheBestsViolations(), "10 > 9");
        assertFalse(worse.noMoreCostThanBest());
        // 1,000 s allows 1: none is within it, so the best is the one with the fewest violations.
        assertEquals(30, FrontierVerdict.of(routescale(0, 500), frontier, 1_000).bestTarget());
    }

    @Test
    void theReplaySweepsBothBaselinesAndItsOwnTargetPointIsItsBaselineRun() throws Exception {
        Trace trace = bundledTrace("wc98-semifinal-spike");
        double rate = MODEL.sloRatePerReplica();
        // 75% of the SLO rate, as the sweep rounds it: the baselines' own run is that sweep point.
        double target = Math.round(0.75 * rate * 100) / 100.0;
        Report r = Replay.run(trace, rps(target), MODEL, "p", null);
        assertEquals(Math.round(rate * 100) / 100.0, r.baselines().sloRatePerReplica());
        for (List<FrontierPoint> line : List.of(r.baselines().hpa(), r.baselines().kpa())) {
            assertEquals(15, line.size());
            for (FrontierPoint p : line) {
                assertEquals(Math.round(p.targetFraction() * rate * 100) / 100.0, p.target());
            }
        }
        FrontierPoint hpaAt75 = r.baselines().hpa().get(9);
        assertEquals(0.75, hpaAt75.targetFraction());
        PolicyResult hpa = r.policies().get("hpa");
        assertEquals(hpa.podSeconds(), hpaAt75.podSeconds());
        assertEquals(hpa.sloViolationSeconds(), hpaAt75.sloViolationSeconds());
        FrontierPoint kpaAt75 = r.baselines().kpa().get(9);
        assertEquals(r.policies().get("kpa").podSeconds(), kpaAt75.podSeconds());
    }

    @Test
    void onSmoothTrafficAHigherHpaTargetNeverCostsMorePods() throws Exception {
        Report r = Replay.run(bundledTrace("wc98-diurnal-rise"), rps(60), MODEL, "p", null);
        List<FrontierPoint> hpa = r.baselines().hpa();
        for (int i = 1; i < hpa.size(); i++) {
            assertTrue(hpa.get(i).podSeconds() <= hpa.get(i - 1).podSeconds(), hpa.get(i - 1) + " then " + hpa.get(i));
        }
        assertTrue(hpa.get(0).podSeconds() > 1.5 * hpa.get(14).podSeconds(), "30% costs far more than 100%");
    }

    @Test
    void theCommandReportsTheFrontiersInJsonTableAndPlot() throws Exception {
        Path trace = dir.resolve("t.csv");
        try (var in = FrontierTest.class.getResourceAsStream("/traces/azure-llm-conv.csv")) {
            Files.copy(in, trace);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ReplayCommand.run(new String[] {"--trace", trace.toString(), "--report", dir.resolve("r").toString(),
                "--sweep", "0.5:1.0:0.25"}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString());
        Map<?, ?> json = ObjectMapper.getDefault().readValue(Files.readAllBytes(dir.resolve("r/report.json")), Map.class);
        Map<?, ?> baselines = (Map<?, ?>) json.get("baselines");
        List<?> hpa = (List<?>) baselines.get("hpa");
        assertEquals(3, hpa.size());
        assertEquals(List.of("target", "targetFraction", "sloViolationSeconds", "podSeconds", "requestsOverCapacity",
                "scaleActions", "directionChanges", "longestViolationSeconds"), List.copyOf(((Map<?, ?>) hpa.get(0)).keySet()));
        assertTrue(((Map<?, ?>) baselines.get("hpaVerdict")).get("dominates") instanceof Boolean);
        String table = out.toString();
        assertTrue(table.contains("hpa frontier, 3 targets 40.79-81.58 rps/replica (50%-100% of 81.58): "), table);
        assertTrue(table.contains("kpa best setting "), table);
        String svg = Files.readString(dir.resolve("r/plot.svg"));
        assertEquals(3 + 3 + 1, svg.split("<circle ", -1).length - 1, "3 hpa, 3 kpa and routescale's point");
    }

    @Test
    void aBadSweepOptionIsOneLineNamingIt() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ReplayCommand.run(new String[] {"--scenario", "flash-crowd", "--sweep", "1:0.5:0.1", "--report", dir.toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString().startsWith("replay: --sweep: expected FROM:TO:STEP"), err.toString());
        assertEquals(1, err.toString().strip().lines().count());
    }
}
