package io.routescale.autoscaler.signals;

import io.routescale.autoscaler.decide.Reading;
import io.routescale.autoscaler.policy.SignalRule;
import io.routescale.autoscaler.policy.SignalSelector;
import io.routescale.autoscaler.policy.TargetPolicy;

import java.util.HashMap;
import java.util.Map;

/** Picks, for each rule of a target, the value of its kind in the policy's stable and fast windows. */
public final class Readings {
    private Readings() {
    }

    public static Map<SignalRule, Reading> of(TargetPolicy policy, Map<SignalSelector, SelectorValues> values) {
        Map<SignalRule, Reading> out = new HashMap<>();
        for (SignalRule rule : policy.signals()) {
            SelectorValues v = values.get(rule.source());
            if (v == null) {
                continue;
            }
            Double stable = pick(rule, v.byWindow().get(policy.stableWindow()));
            Double fast = pick(rule, v.byWindow().get(policy.fastWindow()));
            if (stable != null || fast != null) {
                out.put(rule, new Reading(stable, fast, v.complete()));
            }
        }
        return out;
    }

    private static Double pick(SignalRule rule, WindowValues w) {
        if (w == null) {
            return null;
        }
        Double v = switch (rule.kind()) {
            case RPS_PER_REPLICA, LEARNED_RPS_PER_REPLICA -> w.requestsPerSecond();
            case INFLIGHT_PER_REPLICA -> w.inflightRequests();
            case P99_LATENCY -> w.latencyP99Seconds();
            case ERROR_RATIO_GUARD -> w.errorRatio();
        };
        return v == null || v.isNaN() || v.isInfinite() ? null : v;
    }
}
