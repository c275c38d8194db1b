package io.routescale.autoscaler.decide;

import io.routescale.autoscaler.policy.Behavior;
import io.routescale.autoscaler.policy.RatePolicy;
import io.routescale.autoscaler.policy.TargetPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import static io.routescale.autoscaler.decide.DeciderTest.NOW;
import static io.routescale.autoscaler.decide.DeciderTest.P99;
import static io.routescale.autoscaler.decide.DeciderTest.RPS;
import static io.routescale.autoscaler.decide.DeciderTest.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The step the daemon and the replay share, run cycle by cycle (1 s apart) over a made-up signal history: what
 * the memory carries from one decision to the next, and the two history bugs issue 11 names.
 */
class TargetStepTest {
    /** Runs {@code seconds} cycles from {@link DeciderTest#NOW}; every change is written and its pods are ready at once. */
    static int[] run(TargetPolicy p, int start, int seconds, IntFunction<Map<io.routescale.autoscaler.policy.SignalRule, Reading>> readings) {
        TargetStep step = new TargetStep();
        TargetMemory memory = TargetStep.firstMemory(NOW.minus(Duration.ofHours(1)));
        int replicas = start;
        int[] out = new int[seconds];
        for (int t = 0; t < seconds; t++) {
            Instant now = NOW.plusSeconds(t);
            TargetStep.Outcome<Decision> o = step.run(p, new Observation(replicas, replicas, readings.apply(t)), memory, now, d -> d, d -> true);
            memory = o.memory();
            replicas = o.decision().desired();
            out[t] = replicas;
        }
        return out;
    }

    /** A 60 s and a 10 s trailing mean of a per-second series, as the exporter publishes them. */
    static Reading windows(double[] series, int t) {
        return new Reading(mean(series, t, 60), mean(series, t, 10));
    }

    static double mean(double[] series, int t, int window) {
        double sum = 0;
        int n = 0;
        for (int i = Math.max(0, t - window + 1); i <= t; i++) {
            sum += series[i];
            n++;
        }
        return sum / n;
    }

    @Test
    void aOneSecondSpikeHoldsTheCountForTheBurstWindowNotTheBurstPlusAScaleDownWindow() {
        // 60 rps on 2 replicas at 50/replica; one second of 2,000 rps at t = 100. The fast window then wants
        // ceil(254 / 50) = 6, 3x the 2 ready: a burst. The stable window's 92 rps never leaves the tolerance band.
        double[] load = new double[300];
        for (int t = 0; t < load.length; t++) {
            load[t] = t == 100 ? 2000 : 60;
        }
        // A 60 s scale-down stabilization, the built-in default.
        TargetPolicy p = policy(b -> b.down(new Behavior(Duration.ofSeconds(60), Behavior.HPA_DEFAULT_DOWN.policies(), Behavior.Select.MAX)));
        int[] replicas = run(p, 2, load.length, t -> Map.of(RPS, windows(load, t)));
        assertEquals(2, replicas[99]);
        assertEquals(6, replicas[100], "burst: at once to what the fast window asks");
        assertEquals(6, replicas[159], "the burst lasts its 60 s stable window");
        // Before the fix the burst floor was recorded as a recommendation and held the 6 until t = 219.
        assertEquals(2, replicas[160], "back the second the burst ends: the history held the stable window's 2s");
    }

    @Test
    void aQueueRuleHeldWhileAScaleUpSettlesIsNotRecordedAsARecommendation() {
        // rps 50/replica and p99 0.3 s. At t = 0 a latency breach doubles 4 to 8; the load is also falling, so
        // rps alone wants 3 from t = 0 on. While the scale-up settles (start-up 30 s + fast window 10 s) the p99
        // rule is held and keeps the count; once settled, p99 is within its objective and abstains.
        TargetPolicy p = policy(b -> b.noBurst().signals(RPS, P99)
                .down(new Behavior(Duration.ofSeconds(60), List.of(new RatePolicy(RatePolicy.Type.PERCENT, 100, Duration.ofSeconds(15))), Behavior.Select.MAX)));
        int[] replicas = run(p, 4, 200, t -> Map.of(RPS, new Reading(150.0, 150.0), P99, t == 0 ? new Reading(0.9, 0.9) : new Reading(0.2, 0.2)));
        assertEquals(8, replicas[0], "p99 3x its objective: at most doubles");
        for (int t = 1; t < 40; t++) {
            assertEquals(8, replicas[t], "held while settling, t=" + t);
        }
        // Settled, rps decides; the 8 that p99 really asked for at t = 0 is in the 60 s window until t = 60. Before
        // the fix each held answer (8) was recorded too, and the window kept 8 until t = 100.
        assertEquals(8, replicas[59]);
        assertEquals(3, replicas[60], "the last real 8 has aged out; the holds were never recorded");
    }

    @Test
    void onlyAWrittenChangeIsRemembered() {
        TargetPolicy p = policy(b -> b.noBurst());
        Observation o = new Observation(2, 2, Map.of(RPS, new Reading(500.0, 500.0)));
        TargetStep step = new TargetStep();
        TargetMemory m = TargetStep.firstMemory(NOW.minus(Duration.ofHours(1)));
        TargetStep.Outcome<String> refused = step.run(p, o, m, NOW, d -> "conflict", a -> false);
        assertEquals(6, refused.decision().desired(), "10 wanted, max(2 + 4, 2 x 2) allowed");
        assertTrue(refused.memory().events().isEmpty(), "nothing written, nothing for the rate limits");
        assertEquals(null, refused.memory().lastScaleUpAt());
        TargetStep.Outcome<String> written = step.run(p, o, m, NOW, d -> "written", a -> true);
        assertEquals(List.of(new ScaleEvent(NOW, 2, 6)), written.memory().events());
        assertEquals(NOW, written.memory().lastScaleUpAt());
        assertEquals("written", written.action());
    }
}
