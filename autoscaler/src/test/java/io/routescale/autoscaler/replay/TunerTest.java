package io.routescale.autoscaler.replay;

import io.micronaut.serde.ObjectMapper;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code replay --tune}: the grid, the choice, and the policy file it writes. */
class TunerTest {
    @TempDir
    Path dir;

    static Tuner.Candidate c(String name, long violations, double pods) {
        return new Tuner.Candidate(name, "", violations, pods, 0);
    }

    @Test
    void theFrontierKeepsOnlyCandidatesNoOtherIsBothCheaperAndBetterThan() {
        List<Tuner.Candidate> all = List.of(c("a", 10, 100), c("b", 0, 300), c("c", 5, 200), c("d", 6, 250), c("e", 10, 150));
        assertEquals(List.of("a", "c", "b"), Tuner.frontier(all).stream().map(Tuner.Candidate::settings).toList());
    }

    @Test
    void itWritesTheCheapestPolicyWithinTheBudgetAndThatPolicyReplaysToWhatItSaid() throws Exception {
        Trace trace = Scenarios.get("sudden-drop");
        Tuner.Result r = Tuner.tune(trace, ClusterModel.DEFAULT, Sweep.DEFAULT);
        assertEquals(Tuner.UTILIZATIONS.length + 15 * Tuner.TOLERANCES.length * Tuner.DOWN_WINDOWS.length, r.all().size());
        double budget = FrontierVerdict.ERROR_BUDGET * trace.seconds();
        assertTrue(r.best().sloViolationSeconds() <= budget, r.best().toString());
        for (Tuner.Candidate other : r.all()) {
            if (other.sloViolationSeconds() <= budget) {
                assertTrue(r.best().podSeconds() <= other.podSeconds(), other + " is cheaper within the budget");
            }
        }
        assertTrue(r.frontier().contains(r.best()));
        PolicyResult again = Replay.routescaleOnly(trace, new PolicyParser().parse(r.best().policy()), ClusterModel.DEFAULT);
        assertEquals(r.best().podSeconds(), again.podSeconds());
        assertEquals(r.best().sloViolationSeconds(), again.sloViolationSeconds());
    }

    @Test
    void theCommandWritesThePolicyAndTheGridThenReplaysThePolicy() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ReplayCommand.run(new String[] {"--scenario", "sudden-drop", "--tune", "--report", dir.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString());
        String policy = Files.readString(dir.resolve("tuned-policy.yaml"));
        assertTrue(policy.startsWith("# replay --tune on scenario sudden-drop: "), policy);
        assertEquals(1, new PolicyParser().parse(policy).targets().size());
        Map<?, ?> tune = ObjectMapper.getDefault().readValue(Files.readAllBytes(dir.resolve("tune.json")), Map.class);
        assertEquals(94, ((List<?>) tune.get("all")).size());
        Map<?, ?> report = ObjectMapper.getDefault().readValue(Files.readAllBytes(dir.resolve("report.json")), Map.class);
        assertTrue(String.valueOf(report.get("policy")).startsWith("tuned: "), String.valueOf(report.get("policy")));
        assertTrue(out.toString().contains("tuned over 94 policies"), out.toString());
        assertTrue(out.toString().contains("<- written"), out.toString());
    }

    @Test
    void tuningAGivenPolicyIsRefusedInOneLine() throws Exception {
        Path policy = Files.writeString(dir.resolve("p.yaml"), "targets: [{namespace: shop, name: web, signals: [{type: rpsPerReplica, target: 50}]}]");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ReplayCommand.run(new String[] {"--scenario", "sudden-drop", "--tune", "--policy", policy.toString(), "--report", dir.resolve("r").toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertEquals("replay: --tune writes a policy: give no --policy", err.toString().strip());
        assertFalse(Files.exists(dir.resolve("r")));
    }
}
