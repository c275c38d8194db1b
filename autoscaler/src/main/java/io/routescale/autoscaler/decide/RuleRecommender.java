package io.routescale.autoscaler.decide;

import io.routescale.autoscaler.policy.SignalRule;
import io.routescale.autoscaler.policy.SignalRule.ErrorRatioGuard;
import io.routescale.autoscaler.policy.SignalRule.LearnedRpsPerReplica;
import io.routescale.autoscaler.policy.SignalRule.P99Latency;
import io.routescale.autoscaler.policy.SignalRule.PerReplica;
import io.routescale.autoscaler.policy.TargetPolicy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Step 1 of a decision, after the HPA's {@code replica_calculator.go}: one recommendation per rule from its
 * reading, the largest winning. Per-replica kinds (rps, in flight) use the HPA's ratio with tolerance; p99 latency
 * is up-only and at most doubles; queue-driven kinds (p99, in flight) are held while a scale-up settles, since
 * their windows still describe the capacity from before it.
 */
final class RuleRecommender {
    /** Guards {@code ceil} against ratios like 165/55 = 3.0000000000000004 turning 3 into 4. */
    private static final double CEIL_EPSILON = 1e-9;
    /** The most a queue-driven rule (p99 latency, in flight) may multiply the replicas by in one decision. */
    static final double MAX_QUEUE_FACTOR = 2.0;

    private RuleRecommender() {
    }

    /**
     * Step 1's outcome.
     *
     * @param recommendation the largest rule recommendation; null when no rule had data or every one abstained
     * @param raw            what goes into the stabilization history: the largest answer that measured the load,
     *                       leaving out queue-driven rules held while a scale-up settles (a hold is not a
     *                       recommendation: recorded, it would keep the count up for a whole window); null when
     *                       no rule measured anything
     * @param driver         what the winning rule said
     * @param cause          the winning rule's finding, the data {@code driver} says in words
     * @param sawData        some rule had data (it may have abstained)
     * @param partial        some rule had no fresh or no complete data: no scale-down
     * @param guard          the error-ratio guard is over its maximum: no scale-down
     */
    record Rules(Integer recommendation, Integer raw, String driver, Finding cause, boolean sawData, boolean partial, boolean guard) {
    }

    /**
     * What one rule says: the replicas it wants and why, from what it read compared with what; an abstaining rule
     * has nothing to say, a held one waits.
     */
    private record RuleAnswer(int replicas, String text, boolean abstains, boolean held, double compared) {
    }

    /**
     * @param learnedTarget the learned rule's rps per replica now; null while the capacity is unknown (the rule
     *                      then has no data: it scales nothing down, as missing data never does)
     */
    static Rules read(TargetPolicy p, Observation o, TargetMemory m, Instant now, boolean settling, Double learnedTarget,
                      List<String> details) {
        boolean held = queueRulesHeld(settling, o);
        int current = o.specReplicas();
        Integer recommendation = null;
        Integer raw = null;
        String driver = null;
        Finding cause = null;
        boolean sawData = false;
        boolean partial = false;
        boolean guard = false;
        for (SignalRule rule : p.signals()) {
            Reading r = o.readings().get(rule);
            Double v = r == null ? null : r.stable();
            if (rule.queueDriven() && v != null && r.fast() != null) {
                // Queueing is judged on the fresher of the two windows: once the fast window is back down, the
                // stable one only remembers a backlog already served.
                v = Math.min(v, r.fast());
            }
            if (v == null && r != null && r.fast() != null && !(rule instanceof ErrorRatioGuard)) {
                // The stable window has not filled yet (start-up, a new target): the fast one is real data,
                // good for scaling up, not for scaling down.
                v = r.fast();
                partial = true;
                details.add(rule + ": " + p.stableWindow() + " window not filled yet, using " + p.fastWindow() + " (no scale-down)");
            }
            if (rule instanceof ErrorRatioGuard) {
                if (v != null && v > rule.target()) {
                    guard = true;
                    details.add(String.format(Locale.ROOT, "%s: error ratio %.3f > %.3f, no scale-down", rule, v, rule.target()));
                }
                continue;
            }
            if (v == null) {
                partial = true;
                details.add(rule + ": no fresh data");
                continue;
            }
            if (rule instanceof LearnedRpsPerReplica && learnedTarget == null) {
                partial = true;
                continue;
            }
            if (!r.complete()) {
                partial = true;
                details.add(rule + ": a Traefik replica is missing, the value is a lower bound");
            }
            // SignalRule is sealed: past the guard, a rule is per-replica or the p99 objective.
            RuleAnswer answer = rule instanceof PerReplica perReplica
                    ? perReplicaAnswer(perReplica, targetOf(perReplica, learnedTarget), v, current, p.tolerance(), held, o.unschedulable())
                    : latencyAnswer((P99Latency) rule, v, p, o, m, now, held);
            details.add(answer.text());
            sawData = true;
            if (answer.abstains()) {
                continue;
            }
            if (recommendation == null || answer.replicas() > recommendation) {
                recommendation = answer.replicas();
                driver = answer.text();
                cause = new Finding(rule, v, answer.compared(), answer.replicas());
            }
            if (!answer.held() && (raw == null || answer.replicas() > raw)) {
                raw = answer.replicas();
            }
        }
        return new Rules(recommendation, raw, driver, cause, sawData, partial, guard);
    }

    /** The fast window's recommendation, with the same tolerance band as the stable one (no ±1 on jitter). */
    static Integer fast(TargetPolicy p, Observation o, boolean settling, Double learnedTarget) {
        Integer best = null;
        for (SignalRule rule : p.signals()) {
            Reading r = o.readings().get(rule);
            boolean known = !(rule instanceof LearnedRpsPerReplica) || learnedTarget != null;
            if (rule instanceof PerReplica perReplica && known && r != null && r.fast() != null) {
                int rec = perReplica(perReplica, targetOf(perReplica, learnedTarget), r.fast(), o.specReplicas(), p.tolerance(),
                        queueRulesHeld(settling, o));
                best = best == null ? rec : Math.max(best, rec);
            }
        }
        return best;
    }

    /**
     * Latency and in flight wait while a scale-up settles, and while pods no node has room for wait: then they
     * measure the capacity already asked for.
     */
    private static boolean queueRulesHeld(boolean settling, Observation o) {
        return settling || o.unschedulable() > 0;
    }

    private static double targetOf(PerReplica rule, Double learnedTarget) {
        return rule instanceof LearnedRpsPerReplica ? learnedTarget : rule.target();
    }

    private static RuleAnswer perReplicaAnswer(PerReplica rule, double target, double v, int current, double tolerance,
                                               boolean settling, int unschedulable) {
        double ratio = v / (Math.max(current, 1) * target);
        int rec = perReplica(rule, target, v, current, tolerance, settling);
        String text = String.format(Locale.ROOT, "%s %.1f vs %s/replica x %d (ratio %.2f) wants %d", rule, v,
                rule instanceof LearnedRpsPerReplica ? String.format(Locale.ROOT, "%.1f", target) : num(target),
                current, ratio, rec);
        boolean held = false;
        if (rec < ceil(v / target) && ratio - 1 > tolerance) {
            held = settling;
            text += settling && unschedulable > 0 ? " (held: in flight counts the backlog of pods no node has room for yet)"
                    : settling ? " (held: in flight still counts the backlog from before the last scale-up)"
                    : " (at most x" + num(MAX_QUEUE_FACTOR) + " per decision: in flight counts queued requests)";
        }
        return new RuleAnswer(rec, text, false, held, target);
    }

    private static RuleAnswer latencyAnswer(P99Latency rule, double v, TargetPolicy p, Observation o, TargetMemory m,
                                            Instant now, boolean settling) {
        int current = o.specReplicas();
        double ratio = v / rule.target();
        if (settling && o.unschedulable() > 0) {
            return new RuleAnswer(current, String.format(Locale.ROOT, "%s p99 %.3fs vs %ss held: %d pods cannot be scheduled, "
                    + "so it measures the capacity already asked for", rule, v, num(rule.target()), o.unschedulable()), false, true, rule.target());
        }
        if (settling) {
            return new RuleAnswer(current, String.format(Locale.ROOT, "%s p99 %.3fs vs %ss held: the last scale-up, %ds ago, "
                            + "is not in the latency windows yet (start-up %ds + fast window %s; %d of %d pods ready)", rule, v,
                    num(rule.target()), Duration.between(m.lastScaleUpAt(), now).toSeconds(),
                    p.podStartup().toSeconds(), p.fastWindow(), o.readyReplicas(), current), false, true, rule.target());
        }
        if (ratio <= 1 + p.tolerance()) {
            // Up-only: within its objective the latency rule has nothing to say, and must not hold the count up
            // against the other rules (largest wins).
            return new RuleAnswer(current, String.format(Locale.ROOT, "%s p99 %.3fs within objective %ss", rule, v,
                    num(rule.target())), true, false, rule.target());
        }
        // Latency is not proportional to load near saturation (it is unbounded past it): at most double per
        // decision, and let the next decision see what that did.
        int rec = ceil(current * Math.min(ratio, MAX_QUEUE_FACTOR));
        return new RuleAnswer(rec, String.format(Locale.ROOT, "%s p99 %.3fs vs objective %ss (ratio %.2f) wants %d", rule, v,
                num(rule.target()), ratio, rec), false, false, rule.target());
    }

    /**
     * A per-replica rule's recommendation: the HPA's ratio with tolerance. In flight is also queue-driven: past
     * saturation it grows with the backlog, not with the load (20 s of a 5x overload on 5 pods is 20,000 queued
     * requests, which at 1.5 per replica would ask for 13,000 pods), and a backlog from before the last scale-up
     * says nothing of the pods since. So, like latency, it is held while a scale-up settles and at most doubles.
     */
    private static int perReplica(PerReplica rule, double target, double value, int current, double tolerance,
                                  boolean settling) {
        double ratio = value / (Math.max(current, 1) * target);
        double upTolerance = rule instanceof LearnedRpsPerReplica ? Math.min(tolerance, CapacityLearner.UP_TOLERANCE) : tolerance;
        // Differences, not bounds: 330 / 300 - 1 is a hair above 0.1, and has always scaled up, as the HPA does.
        if (ratio - 1 <= upTolerance && 1 - ratio <= tolerance) {
            return current;
        }
        int rec = ceil(value / target);
        if (rule.queueDriven() && rec > current) {
            return settling ? current : Math.min(rec, ceil(Math.max(current, 1) * MAX_QUEUE_FACTOR));
        }
        return rec;
    }

    private static int ceil(double v) {
        return (int) Math.min(Integer.MAX_VALUE, Math.ceil(v - CEIL_EPSILON));
    }

    static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
