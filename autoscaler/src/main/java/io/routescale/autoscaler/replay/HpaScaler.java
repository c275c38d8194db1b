package io.routescale.autoscaler.replay;

import io.routescale.autoscaler.decide.Decider;
import io.routescale.autoscaler.decide.Decision;
import io.routescale.autoscaler.decide.Observation;
import io.routescale.autoscaler.decide.Reading;
import io.routescale.autoscaler.decide.TargetMemory;
import io.routescale.autoscaler.policy.Behavior;
import io.routescale.autoscaler.policy.Burst;
import io.routescale.autoscaler.policy.MissingSignals;
import io.routescale.autoscaler.policy.Mode;
import io.routescale.autoscaler.policy.SignalKind;
import io.routescale.autoscaler.policy.SignalRule;
import io.routescale.autoscaler.policy.SignalSelector;
import io.routescale.autoscaler.policy.TargetPolicy;
import io.routescale.autoscaler.policy.TargetRef;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes HPA with default behaviour on a requests-per-second-per-replica external metric, as teams
 * run it through Prometheus and an adapter: the controller syncs every 15 s (--horizontal-pod-autoscaler-sync-period),
 * tolerance 0.1, scale-down stabilization 300 s, scale-up at most max(4 pods, 100%) per 15 s
 * (kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale, "Default Behavior"), and it reads a 60 s
 * rate that is 15 s old (Prometheus scrape interval). The arithmetic is replica_calculator.go's and
 * horizontal.go's, which {@link Decider} implements and DeciderTest checks against the documentation's
 * examples; here it runs with none of routescale's additions (no burst mode, no start-up awareness, no
 * fast window, no new-leader caution).
 */
final class HpaScaler implements Scaler {
    static final int SYNC_SECONDS = 15;
    static final int METRIC_WINDOW = 60;
    static final int METRIC_DELAY = 15;
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private final TargetPolicy policy;
    private final SignalRule rule;
    private final Decider decider = new Decider();
    private TargetMemory memory = TargetMemory.fresh(EPOCH.minusSeconds(3600));
    private int last = -1;

    HpaScaler(double targetRpsPerReplica, int min, int max) {
        SignalSelector sel = new SignalSelector(false, "replay", "target");
        rule = new SignalRule(SignalKind.RPS_PER_REPLICA, sel, targetRpsPerReplica);
        policy = new TargetPolicy(new TargetRef("replay", "target", "apps/v1", "Deployment"), Mode.HPA, "target",
                List.of(rule), min, max, 0.1, METRIC_WINDOW + "s", "10s", Behavior.HPA_DEFAULT_UP, Behavior.HPA_DEFAULT_DOWN,
                new Burst(false, 2.0, Duration.ofSeconds(60)), Duration.ZERO, MissingSignals.HOLD, false);
    }

    @Override
    public String name() {
        return "hpa";
    }

    @Override
    public int desired(int t, SignalsAt load, int spec, int ready) {
        if (last >= 0 && t % SYNC_SECONDS != 0) {
            return last;
        }
        Double value = load.average(SignalKind.RPS_PER_REPLICA, t, METRIC_WINDOW, METRIC_DELAY);
        Map<SignalRule, Reading> readings = value == null ? Map.of() : Map.of(rule, new Reading(value, null));
        Instant now = EPOCH.plusSeconds(t);
        Decision d = decider.decide(policy, new Observation(spec, ready, readings), memory, now);
        memory = d.memory();
        if (d.changes()) {
            memory = memory.recordScale(now, d.current(), d.desired(), Duration.ofMinutes(30));
        }
        last = d.desired();
        return last;
    }
}
