package io.routescale.autoscaler.replay;

import io.routescale.autoscaler.decide.Decision;
import io.routescale.autoscaler.decide.Observation;
import io.routescale.autoscaler.decide.Reading;
import io.routescale.autoscaler.decide.TargetMemory;
import io.routescale.autoscaler.decide.TargetStep;
import io.routescale.autoscaler.policy.SignalRule;
import io.routescale.autoscaler.policy.TargetPolicy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * routescale itself: the autoscaler's own {@link TargetStep} (not a copy), fed every second with the exporter's
 * windows one second late (a 1 s exporter interval), its memory carried from second to second as the daemon
 * carries it from cycle to cycle.
 */
final class RoutescaleScaler implements Scaler {
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private final TargetPolicy policy;
    private final TargetStep step = new TargetStep();
    private final int stable;
    private final int fast;
    private TargetMemory memory;

    RoutescaleScaler(TargetPolicy policy) {
        this.policy = policy;
        this.stable = seconds(policy.stableWindow());
        this.fast = seconds(policy.fastWindow());
        // A daemon that has been running: no new-leader caution at second 0.
        this.memory = TargetStep.firstMemory(EPOCH.minusSeconds(3600));
    }

    @Override
    public String name() {
        return "routescale";
    }

    @Override
    public int desired(int t, SignalsAt load, int spec, int ready) {
        return desired(t, load, spec, ready, 0);
    }

    /** The daemon sees Unschedulable pods (ScaleLoop lists them); so does the replay under a node limit. */
    @Override
    public int desired(int t, SignalsAt load, int spec, int ready, int unschedulable) {
        Map<SignalRule, Reading> readings = new HashMap<>();
        for (SignalRule rule : policy.signals()) {
            Double s = value(rule, load, t, stable);
            Double f = value(rule, load, t, fast);
            if (s != null || f != null) {
                readings.put(rule, new Reading(s, f));
            }
        }
        // The simulated cluster applies every change it is asked for: each is written.
        Observation o = new Observation(spec, ready, readings, unschedulable, unschedulable == 0 ? "" : "no node has room (replay)");
        TargetStep.Outcome<Decision> step = this.step.run(policy, o, memory,
                EPOCH.plusSeconds(t), d -> d, d -> true);
        memory = step.memory();
        return step.decision().desired();
    }

    private static Double value(SignalRule rule, SignalsAt load, int t, int window) {
        return load.average(rule.kind(), t, window, 1);
    }

    static int seconds(String window) {
        return Integer.parseInt(window.substring(0, window.length() - 1));
    }
}
