package io.routescale.autoscaler.decide;

import io.routescale.autoscaler.policy.Behavior;
import io.routescale.autoscaler.policy.MissingSignals;
import io.routescale.autoscaler.policy.RatePolicy;
import io.routescale.autoscaler.policy.SignalKind;
import io.routescale.autoscaler.policy.SignalRule;
import io.routescale.autoscaler.policy.TargetPolicy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The scaling decision: a pure function of (policy, observation, memory, now). No clock, no I/O, no state:
 * which is what makes it table-testable and replayable (the what-if replay runs this very class).
 *
 * <p>HPA-compatible where the HPA has an answer (pkg/controller/podautoscaler, Kubernetes v1.30):
 * per-metric ratio with tolerance ({@code replica_calculator.go}), the largest recommendation wins,
 * stabilization windows over raw recommendations ({@code stabilizeRecommendationWithBehaviors}), rate limits
 * from past scale events ({@code calculateScaleUpLimitWithScalingRules},
 * {@code calculateScaleDownLimitWithBehaviors}), then min/max. Added:
 * <ul>
 *   <li>missing or stale data never lowers the count (hold, or a fallback floor);</li>
 *   <li>a burst mode after Knative's panic mode: the fast window drives, scale-up is bounded by maxReplicas
 *       only (not the rate policies), nothing scales down until it ends;</li>
 *   <li>queue-driven rules (p99 latency, in flight): until pods just asked for have started and a fast window
 *       has passed over them, they do not re-trigger; they are judged on the lower of their two windows and at
 *       most double the count per decision;</li>
 *   <li>a new leader does not scale down before it has watched a full stable window.</li>
 * </ul>
 */
public final class Decider {
    /** Guards {@code ceil} against ratios like 165/55 = 3.0000000000000004 turning 3 into 4. */
    private static final double CEIL_EPSILON = 1e-9;
    /** The most a queue-driven rule (p99 latency, in flight) may multiply the replicas by in one decision. */
    static final double MAX_QUEUE_FACTOR = 2.0;

    public Decision decide(TargetPolicy p, Observation o, TargetMemory m, Instant now) {
        int current = o.specReplicas();
        String who = p.target().toString();
        List<String> details = new ArrayList<>();
        // Queueing (latency, in flight) read over a window that began before the last scale-up's pods served
        // describes the old capacity: it is held until they have started and a fast window has passed over them.
        Duration queueSettles = p.podStartup().plus(window(p.fastWindow()));
        boolean settling = m.lastScaleUpAt() != null && now.isBefore(m.lastScaleUpAt().plus(queueSettles));

        // 1. One recommendation per rule on the stable window; the largest wins.
        Rules rules = readRules(p, o, m, now, settling, details);
        Integer recommendation = rules.recommendation();
        String driver = rules.driver();

        // Data, but every rule with data abstained (latency within objective): nothing to change.
        if (recommendation == null && rules.sawData()) {
            recommendation = current;
            driver = "every signal within its objective";
        }
        // 2. Nothing to go on: hold or fall back, never down.
        if (recommendation == null) {
            int desired = current;
            if (p.missing().action() == MissingSignals.Action.FALLBACK) {
                desired = Math.max(current, Math.min(p.maxReplicas(), p.missing().fallbackReplicas()));
            }
            desired = Math.max(desired, p.minReplicas());
            String reason = String.format(Locale.ROOT, "%s %s %d%s: no fresh signal (%s)", verb(current, desired), who,
                    current, desired == current ? "" : " -> " + desired,
                    p.missing().action() == MissingSignals.Action.FALLBACK ? "fallback floor " + p.missing().fallbackReplicas() : "holding");
            return new Decision(current, desired, reason, List.copyOf(details), m.inBurst(now), true, m);
        }
        if (rules.partial() && recommendation < current) {
            details.add("not scaling down: a rule has no fresh or no complete data");
            recommendation = current;
        }
        if (rules.guard() && recommendation < current) {
            recommendation = current;
        }
        Duration stable = window(p.stableWindow());
        if (recommendation < current && now.isBefore(m.observingSince().plus(stable))) {
            details.add("not scaling down: watching for a full " + p.stableWindow() + " window first");
            recommendation = current;
        }

        // 3. Burst mode on the fast window.
        // A burst remembered from before a policy reload that turned bursts off ends now.
        Instant burstUntil = p.burst().enabled() && m.burstUntil() != null && now.isBefore(m.burstUntil()) ? m.burstUntil() : null;
        int burstFloor = burstUntil == null ? 0 : m.burstFloor();
        if (p.burst().enabled()) {
            Integer fastRec = fastRecommendation(p, o, settling);
            int ready = Math.max(1, o.readyReplicas());
            if (fastRec != null && (double) fastRec / ready >= p.burst().threshold()) {
                burstUntil = now.plus(p.burst().stableWindow());
                details.add(String.format(Locale.ROOT, "burst: fast window (%s) wants %d, %.1fx the %d ready",
                        p.fastWindow(), fastRec, (double) fastRec / ready, o.readyReplicas()));
            }
            if (burstUntil != null) {
                int inBurst = Math.max(Math.max(recommendation, current), burstFloor);
                if (fastRec != null) {
                    inBurst = Math.max(inBurst, fastRec);
                }
                // Said whenever in force: it is also why nothing scales down.
                driver = driver + "; burst mode";
                recommendation = inBurst;
                burstFloor = recommendation;
            }
        }

        // 4. HPA stabilization over raw recommendations, then rate limits, then min/max.
        List<Recommendation> history = prune(m.recommendations(), now,
                max(p.scaleUp().stabilizationWindow(), p.scaleDown().stabilizationWindow()));
        int stabilized = stabilize(recommendation, current, history, p, now);
        if (stabilized != recommendation) {
            details.add(String.format(Locale.ROOT, "stabilized %d -> %d (windows up %ss, down %ss)", recommendation,
                    stabilized, p.scaleUp().stabilizationWindow().toSeconds(), p.scaleDown().stabilizationWindow().toSeconds()));
        }
        int desired;
        if (burstUntil != null && stabilized > current) {
            // Burst mode scales up to what the fast window asks at once, as Knative's panic mode does: the
            // rate policies are for ordinary drift, and a burst is exactly when waiting costs requests.
            desired = Math.min(stabilized, p.maxReplicas());
            if (stabilized > p.maxReplicas()) {
                details.add("at maxReplicas " + p.maxReplicas());
            }
        } else {
            desired = limitRate(stabilized, current, m.events(), p, now, details);
        }
        List<Recommendation> nextHistory = new ArrayList<>(history);
        nextHistory.add(new Recommendation(now, recommendation));
        TargetMemory next = new TargetMemory(m.observingSince(), List.copyOf(nextHistory),
                pruneEvents(m.events(), now, max(p.scaleUp().longestPeriod(), p.scaleDown().longestPeriod())),
                burstUntil, burstFloor, m.lastScaleUpAt());
        String reason = String.format(Locale.ROOT, "%s %s %d%s: %s", verb(current, desired), who, current,
                desired == current ? "" : " -> " + desired, driver);
        return new Decision(current, desired, reason, List.copyOf(details), burstUntil != null, false, next);
    }

    /**
     * Step 1's outcome.
     *
     * @param recommendation the largest rule recommendation; null when no rule had data or every one abstained
     * @param driver         what the winning rule said
     * @param sawData        some rule had data (it may have abstained)
     * @param partial        some rule had no fresh or no complete data: no scale-down
     * @param guard          the error-ratio guard is over its maximum: no scale-down
     */
    private record Rules(Integer recommendation, String driver, boolean sawData, boolean partial, boolean guard) {
    }

    /** What one rule says: the replicas it wants and why; an abstaining rule has nothing to say. */
    private record RuleAnswer(int replicas, String text, boolean abstains) {
    }

    private static Rules readRules(TargetPolicy p, Observation o, TargetMemory m, Instant now, boolean settling,
                                   List<String> details) {
        int current = o.specReplicas();
        Integer recommendation = null;
        String driver = null;
        boolean sawData = false;
        boolean partial = false;
        boolean guard = false;
        for (SignalRule rule : p.signals()) {
            Reading r = o.readings().get(rule);
            Double v = r == null ? null : r.stable();
            if (queueDriven(rule.kind()) && v != null && r.fast() != null) {
                // Queueing (latency, in flight) is judged on the fresher of the two windows: once the fast window
                // is back down, the stable one only remembers a backlog already served.
                v = Math.min(v, r.fast());
            }
            if (v == null && r != null && r.fast() != null && rule.kind() != SignalKind.ERROR_RATIO_GUARD) {
                // The stable window has not filled yet (start-up, a new target): the fast one is real data,
                // good for scaling up, not for scaling down.
                v = r.fast();
                partial = true;
                details.add(rule + ": " + p.stableWindow() + " window not filled yet, using " + p.fastWindow() + " (no scale-down)");
            }
            if (rule.kind() == SignalKind.ERROR_RATIO_GUARD) {
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
            if (!r.complete()) {
                partial = true;
                details.add(rule + ": a Traefik replica is missing, the value is a lower bound");
            }
            RuleAnswer answer = rule.kind().perReplica() ? perReplicaAnswer(rule, v, current, p.tolerance(), settling)
                    : latencyAnswer(rule, v, p, o, m, now, settling);
            details.add(answer.text());
            sawData = true;
            if (!answer.abstains() && (recommendation == null || answer.replicas() > recommendation)) {
                recommendation = answer.replicas();
                driver = answer.text();
            }
        }
        return new Rules(recommendation, driver, sawData, partial, guard);
    }

    private static RuleAnswer perReplicaAnswer(SignalRule rule, double v, int current, double tolerance, boolean settling) {
        double ratio = v / (Math.max(current, 1) * rule.target());
        int rec = perReplica(rule, v, current, tolerance, settling);
        String text = String.format(Locale.ROOT, "%s %.1f vs %s/replica x %d (ratio %.2f) wants %d", rule, v,
                num(rule.target()), current, ratio, rec);
        if (rec < ceil(v / rule.target()) && Math.abs(ratio - 1) > tolerance) {
            text += settling ? " (held: in flight still counts the backlog from before the last scale-up)"
                    : " (at most x" + num(MAX_QUEUE_FACTOR) + " per decision: in flight counts queued requests)";
        }
        return new RuleAnswer(rec, text, false);
    }

    private static RuleAnswer latencyAnswer(SignalRule rule, double v, TargetPolicy p, Observation o, TargetMemory m,
                                            Instant now, boolean settling) {
        int current = o.specReplicas();
        double ratio = v / rule.target();
        if (settling) {
            return new RuleAnswer(current, String.format(Locale.ROOT, "%s p99 %.3fs vs %ss held: the last scale-up, %ds ago, "
                            + "is not in the latency windows yet (start-up %ds + fast window %s; %d of %d pods ready)", rule, v,
                    num(rule.target()), Duration.between(m.lastScaleUpAt(), now).toSeconds(),
                    p.podStartup().toSeconds(), p.fastWindow(), o.readyReplicas(), current), false);
        }
        if (ratio <= 1 + p.tolerance()) {
            // Up-only: within its objective the latency rule has nothing to say, and must not hold the count up
            // against the other rules (largest wins).
            return new RuleAnswer(current, String.format(Locale.ROOT, "%s p99 %.3fs within objective %ss", rule, v,
                    num(rule.target())), true);
        }
        // Latency is not proportional to load near saturation (it is unbounded past it): at most double per
        // decision, and let the next decision see what that did.
        int rec = ceil(current * Math.min(ratio, MAX_QUEUE_FACTOR));
        return new RuleAnswer(rec, String.format(Locale.ROOT, "%s p99 %.3fs vs objective %ss (ratio %.2f) wants %d", rule, v,
                num(rule.target()), ratio, rec), false);
    }

    /** The fast window's recommendation, with the same tolerance band as the stable one (no ±1 on jitter). */
    private static Integer fastRecommendation(TargetPolicy p, Observation o, boolean settling) {
        Integer best = null;
        for (SignalRule rule : p.signals()) {
            Reading r = o.readings().get(rule);
            if (rule.kind().perReplica() && r != null && r.fast() != null) {
                int rec = perReplica(rule, r.fast(), o.specReplicas(), p.tolerance(), settling);
                best = best == null ? rec : Math.max(best, rec);
            }
        }
        return best;
    }

    /**
     * A per-replica rule's recommendation: the HPA's ratio with tolerance. In flight is also queue-driven: past
     * saturation it grows with the backlog, not with the load (20 s of a 5x overload on 5 pods is 20,000 queued
     * requests, which at 1.5 per replica would ask for 13,000 pods), and a backlog from before the last scale-up
     * says nothing of the pods since. So, like latency, it is held while a scale-up settles and at most doubles.
     */
    private static int perReplica(SignalRule rule, double value, int current, double tolerance, boolean settling) {
        double ratio = value / (Math.max(current, 1) * rule.target());
        if (Math.abs(ratio - 1) <= tolerance) {
            return current;
        }
        int rec = ceil(value / rule.target());
        if (queueDriven(rule.kind()) && rec > current) {
            return settling ? current : Math.min(rec, ceil(Math.max(current, 1) * MAX_QUEUE_FACTOR));
        }
        return rec;
    }

    /** HPA {@code stabilizeRecommendationWithBehaviors}. */
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

    /** HPA {@code convertDesiredReplicasWithBehaviorRate}, min/max included. */
    static int limitRate(int desired, int current, List<ScaleEvent> events, TargetPolicy p, Instant now,
                         List<String> details) {
        int result = desired;
        if (desired > current) {
            int limit = scaleUpLimit(current, events, p.scaleUp(), now);
            if (limit < current) {
                limit = current;
            }
            int allowed = Math.min(limit, p.maxReplicas());
            if (desired > allowed) {
                details.add(allowed == p.maxReplicas() && limit >= p.maxReplicas()
                        ? "at maxReplicas " + p.maxReplicas() : "scale-up rate limit: at most " + allowed + " now");
                result = allowed;
            }
        } else if (desired < current) {
            int limit = scaleDownLimit(current, events, p.scaleDown(), now);
            if (limit > current) {
                limit = current;
            }
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
            int added = changeInPeriod(events, policy.period(), now, true);
            int periodStart = current - added;
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
            int removed = changeInPeriod(events, policy.period(), now, false);
            int periodStart = current + removed;
            int proposed = policy.type() == RatePolicy.Type.PODS ? periodStart - policy.value()
                    : (int) (periodStart * (1 - policy.value() / 100.0));
            // "Max" allows the largest change: the lowest count.
            result = max ? Math.min(result, proposed) : Math.max(result, proposed);
        }
        return result;
    }

    /** Replicas added (up) or removed (down) by events inside {@code period} (HPA {@code getReplicasChangePerPeriod}). */
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

    private static List<Recommendation> prune(List<Recommendation> list, Instant now, Duration keep) {
        Instant cutoff = now.minus(keep);
        return list.stream().filter(r -> r.at().isAfter(cutoff)).toList();
    }

    private static List<ScaleEvent> pruneEvents(List<ScaleEvent> list, Instant now, Duration keep) {
        Instant cutoff = now.minus(keep);
        return list.stream().filter(e -> e.at().isAfter(cutoff)).toList();
    }

    /** Signals that measure queueing: not proportional to load near saturation, unbounded past it. */
    private static boolean queueDriven(SignalKind kind) {
        return kind == SignalKind.P99_LATENCY || kind == SignalKind.INFLIGHT_PER_REPLICA;
    }

    /** A policy window such as {@code 60s} (PolicyParser checked its form). */
    private static Duration window(String w) {
        return Duration.ofSeconds(Long.parseLong(w.replace("s", "")));
    }

    private static int ceil(double v) {
        return (int) Math.min(Integer.MAX_VALUE, Math.ceil(v - CEIL_EPSILON));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String verb(int current, int desired) {
        return desired == current ? "keep" : "scale";
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
