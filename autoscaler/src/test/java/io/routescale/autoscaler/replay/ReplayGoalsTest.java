package io.routescale.autoscaler.replay;

import io.routescale.autoscaler.policy.Policy;
import io.routescale.autoscaler.policy.PolicyParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 4's goals for a policy on the bundled scenarios: at most half the HPA's SLO-violation seconds, no more
 * pod-seconds than the HPA, within 25% of the oracle's pod-seconds. Checked where they hold, and pinned where
 * they cannot all hold at once (docs/replay.md, "Issue 4's goals"). Every number here is deterministic.
 */
class ReplayGoalsTest {
    static final ClusterModel MODEL = ClusterModel.DEFAULT;
    /** The module's folder is the working directory of its tests. */
    static final Path RESPONSIVE = Path.of("replay-responsive-policy.yaml");

    record Goals(String scenario, long violations, long hpaViolations, double pods, double hpaPods, double oraclePods) {
        static Goals of(String scenario, Report r) {
            PolicyResult rs = r.policies().get("routescale");
            PolicyResult hpa = r.policies().get("hpa");
            return new Goals(scenario, rs.sloViolationSeconds(), hpa.sloViolationSeconds(), rs.podSeconds(), hpa.podSeconds(),
                    r.policies().get("oracle").podSeconds());
        }

        boolean halfTheHpasViolations() {
            return 2 * violations <= hpaViolations;
        }

        boolean noMorePodSecondsThanTheHpa() {
            return pods <= hpaPods;
        }

        boolean within25PercentOfTheOracle() {
            return pods <= 1.25 * oraclePods;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: violations %d vs hpa %d, pod-seconds %.0f vs hpa %.0f, oracle %.0f (x%.3f)",
                    scenario, violations, hpaViolations, pods, hpaPods, oraclePods, pods / oraclePods);
        }
    }

    static List<String> scenarios() {
        return Scenarios.names();
    }

    static Goals replay(String scenario, long seed, Policy policy) throws Exception {
        return Goals.of(scenario, Replay.run(Scenarios.get(scenario, seed), policy, MODEL, "p", null));
    }

    static Policy responsive() throws Exception {
        return new PolicyParser().parse(Files.readString(RESPONSIVE));
    }

    static Policy builtInDefaults(double target, String settings) throws Exception {
        return new PolicyParser().parse("targets: [{namespace: shop, name: web, maxReplicas: 1000, " + settings
                + " signals: [{type: rpsPerReplica, target: " + target + "}]}]");
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void defaultPolicyHasAtMostHalfTheHpasViolations(String scenario) throws Exception {
        Goals g = replay(scenario, 0, builtInDefaults(60, ""));
        assertTrue(g.halfTheHpasViolations(), g.toString());
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void responsivePolicyMeetsTheViolationAndOracleGoals(String scenario) throws Exception {
        Goals g = replay(scenario, 0, responsive());
        assertTrue(g.halfTheHpasViolations(), g.toString());
        assertTrue(g.within25PercentOfTheOracle(), g.toString());
    }

    @Test
    void responsivePolicyStaysWithin25PercentOfTheOracleOnTracesItWasNotChosenOn() throws Exception {
        Policy policy = responsive();
        for (long seed = 1; seed <= 5; seed++) {
            for (String scenario : Scenarios.names()) {
                Goals g = replay(scenario, seed, policy);
                assertTrue(g.within25PercentOfTheOracle(), "seed " + seed + " " + g);
                // With a handful of violation seconds (1 vs 1), "half" is noise: judged where the HPA has 10 or more.
                if (g.hpaViolations() >= 10) {
                    assertTrue(g.halfTheHpasViolations(), "seed " + seed + " " + g);
                }
            }
        }
    }

    /**
     * Why no policy here meets all three goals on {@code slow-ramp}: on a ramp that only rises, the HPA's pods
     * are few because it is late (a 60 s rate 15 s old, a 15 s sync, a 10% dead band), and that lateness is also
     * its violations. Across a grid of targets, tolerances, windows and scale-down stabilizations, every setting
     * that halves the HPA's violations there spends more pod-seconds than the HPA.
     */
    @Test
    void onSlowRampHalvingTheHpasViolationsCostsMorePodSecondsThanTheHpa() throws Exception {
        List<String> halving = new ArrayList<>();
        for (double target : new double[] {50, 60, 66, 72, 76}) {
            for (double tolerance : new double[] {0.03, 0.05, 0.1}) {
                for (String window : new String[] {"20s", "30s", "60s"}) {
                    for (int down : new int[] {15, 60}) {
                        String settings = String.format(Locale.ROOT, "tolerance: %s, stableWindow: %s, "
                                + "behavior: {scaleDown: {stabilizationWindowSeconds: %d}},", tolerance, window, down);
                        Goals g = replay("slow-ramp", 0, builtInDefaults(target, settings));
                        if (g.halfTheHpasViolations()) {
                            halving.add(target + " " + settings);
                            assertTrue(!g.noMorePodSecondsThanTheHpa(), "target " + target + " " + settings + " " + g
                                    + ": meets both goals on slow-ramp; docs/replay.md (issue 4's goals) says none does");
                        }
                    }
                }
            }
        }
        assertTrue(halving.size() >= 20, "the claim must not be vacuous: settings that halve the violations " + halving);
    }

    @Test
    void aSeedVariesTheNoiseNotTheShape() throws Exception {
        for (String scenario : Scenarios.names()) {
            Trace bundled = Scenarios.get(scenario);
            Trace other = Scenarios.get(scenario, 7);
            double[] a = bundled.offered().get(Scenarios.TARGET);
            double[] b = other.offered().get(Scenarios.TARGET);
            assertEquals(a.length, b.length, scenario);
            double meanA = 0;
            double meanB = 0;
            int differ = 0;
            for (int t = 0; t < a.length; t++) {
                meanA += a[t] / a.length;
                meanB += b[t] / b.length;
                differ += a[t] != b[t] ? 1 : 0;
            }
            assertTrue(differ > a.length / 2, scenario + ": another seed draws other noise");
            assertEquals(meanA, meanB, meanA * 0.02, scenario + ": the same load on average");
            assertEquals(bundled.name(), Scenarios.get(scenario, 0).name());
            assertTrue(other.name().endsWith("(seed 7)"), other.name());
        }
    }
}
