package io.routescale.autoscaler.decide;

import io.routescale.autoscaler.policy.Behavior;
import io.routescale.autoscaler.policy.RatePolicy;
import io.routescale.autoscaler.policy.TargetPolicy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Step 2 of a decision, after the HPA's {@code horizontal.go}: stabilization over raw recommendations
 * ({@code stabilizeRecommendationWithBehaviors}), then the behaviour's rate limits and min/max
 * ({@code convertDesiredReplicasWithBehaviorRate}). A period's start counts the replicas both added and removed in
 * it, as upstream has since kubernetes#109058 (before, a scale-down inside the period was forgotten by the
 * scale-up limit and the other way round).
 */
final class Normalizer {
    private Normalizer() {
    }

    /** The count brought within [lowest recent recommendation of the up window, highest of the down window]. */
    static int stabilize(int recommendation, int current, List<Recommendation> history, TargetPolicy p, Instant now) {
        int up = recommendation;
        int down = recommendation;
        Instant upCutoff = now.minus(p.scaleUp().stabilizationWindow());
        Instant downCutoff = now.minus(p.scaleDown().stabilizationWindow());
        for (Recommendation r : history) {
            if (r.at().isAfter(upCutoff)) {
                up = Math.min(up, r.replicas());
            }
            if (r.at().isAfter(downCutoff)) {
                down = Math.max(down, r.replicas());
            }
        }
        if (current < up) {
            return up;
        }
        if (current > down) {
            return down;
        }
        return current;
    }

    /** Rate limits from past scale events, then min/max; each limit that bites is said in {@code details}. */
    static int limitRate(int desired, int current, List<ScaleEvent> events, TargetPolicy p, Instant now,
                         List<String> details) {
        int result = desired;
        if (desired > current) {
            int limit = Math.max(current, scaleUpLimit(current, events, p.scaleUp(), now));
            int allowed = Math.min(limit, p.maxReplicas());
            if (desired > allowed) {
                details.add(allowed == p.maxReplicas() && limit >= p.maxReplicas()
                        ? "at maxReplicas " + p.maxReplicas() : "scale-up rate limit: at most " + allowed + " now");
                result = allowed;
            }
        } else if (desired < current) {
            int limit = Math.min(current, scaleDownLimit(current, events, p.scaleDown(), now));
            int allowed = Math.max(limit, p.minReplicas());
            if (desired < allowed) {
                details.add(allowed == p.minReplicas() && limit <= p.minReplicas()
                        ? "at minReplicas " + p.minReplicas() : "scale-down rate limit: at least " + allowed + " now");
                result = allowed;
            }
        }
        if (result > p.maxReplicas()) {
            details.add("at maxReplicas " + p.maxReplicas());
            result = p.maxReplicas();
        }
        if (result < p.minReplicas()) {
            details.add("at minReplicas " + p.minReplicas());
            result = p.minReplicas();
        }
        return result;
    }

    static int scaleUpLimit(int current, List<ScaleEvent> events, Behavior rules, Instant now) {
        if (rules.select() == Behavior.Select.DISABLED) {
            return current;
        }
        boolean max = rules.select() == Behavior.Select.MAX;
        int result = max ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        for (RatePolicy policy : rules.policies()) {
            int periodStart = current - changeInPeriod(events, policy.period(), now, true)
                    + changeInPeriod(events, policy.period(), now, false);
            int proposed = policy.type() == RatePolicy.Type.PODS ? periodStart + policy.value()
                    : (int) Math.ceil(periodStart * (1 + policy.value() / 100.0));
            result = max ? Math.max(result, proposed) : Math.min(result, proposed);
        }
        return result;
    }

    static int scaleDownLimit(int current, List<ScaleEvent> events, Behavior rules, Instant now) {
        if (rules.select() == Behavior.Select.DISABLED) {
            return current;
        }
        boolean max = rules.select() == Behavior.Select.MAX;
        int result = max ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        for (RatePolicy policy : rules.policies()) {
            int periodStart = current - changeInPeriod(events, policy.period(), now, true)
                    + changeInPeriod(events, policy.period(), now, false);
            int proposed = policy.type() == RatePolicy.Type.PODS ? periodStart - policy.value()
                    : (int) (periodStart * (1 - policy.value() / 100.0));
            // "Max" allows the largest change: the lowest count.
            result = max ? Math.min(result, proposed) : Math.max(result, proposed);
        }
        return result;
    }

    /** Replicas added (up) or removed (down) by events inside {@code period}. */
    private static int changeInPeriod(List<ScaleEvent> events, Duration period, Instant now, boolean up) {
        Instant cutoff = now.minus(period);
        int sum = 0;
        for (ScaleEvent e : events) {
            if (e.at().isAfter(cutoff) && (up ? e.change() > 0 : e.change() < 0)) {
                sum += Math.abs(e.change());
            }
        }
        return sum;
    }
}
