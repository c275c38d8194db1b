package io.routescale.autoscaler.decide;

import io.routescale.autoscaler.policy.MissingSignals;
import io.routescale.autoscaler.policy.TargetPolicy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The scaling decision: a pure function of (policy, observation, memory, now). No clock, no I/O, no state:
 * which is what makes it table-testable and replayable (the what-if replay runs this very class). It composes
 * the steps the HPA splits the same way: per-rule recommendations ({@link RuleRecommender}, after
 * {@code replica_calculator.go}), burst mode ({@link BurstMode}), normalization ({@link Normalizer}, after
 * {@code horizontal.go}). {@link TargetStep} is the one place a target's memory changes around it.
 *
 * <p>HPA-compatible where the HPA has an answer (pkg/controller/podautoscaler, Kubernetes 1.33):
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
    public Decision decide(TargetPolicy p, Observation o, TargetMemory m, Instant now) {
        int current = o.specReplicas();
        String who = p.target().toString();
        List<String> details = new ArrayList<>();
        // Queueing (latency, in flight) read over a window that began before the last scale-up's pods served
        // describes the old capacity: it is held until they have started and a fast window has passed over them.
        Duration queueSettles = p.podStartup().plus(window(p.fastWindow()));
        boolean settling = m.lastScaleUpAt() != null && now.isBefore(m.lastScaleUpAt().plus(queueSettles));

        // 0. What the windows teach: an objective target's capacity, and the load's recent shape.
        LearnedCapacity capacity = m.capacity();
        Double learnedTarget = null;
        LoadHistory loads = m.loads().with(now, ScaleDownHeadroom.load(p, o));
        if (p.objective() != null) {
            capacity = CapacityLearner.learn(p, o, m, now, m.inBurst(now));
            TargetMemory learned = withCapacityAndLoads(m, capacity, loads);
            learnedTarget = CapacityLearner.target(p, learned);
            details.add(p.target() + " objective: " + CapacityLearner.explain(p, learned, now));
        }

        // 1. One recommendation per rule on the stable window; the largest wins.
        // Pods waiting for a node: latency and in flight describe the capacity already asked for, so RuleRecommender
        // holds them as while a scale-up settles; only the load's own rate may add replicas.
        boolean waitingForNodes = o.unschedulable() > 0;
        RuleRecommender.Rules rules = RuleRecommender.read(p, o, m, now, settling, learnedTarget, details);
        Integer recommendation = rules.recommendation();
        String driver = rules.driver();
        Finding cause = rules.cause();

        // Data, but every rule with data abstained (latency within objective): nothing to change.
        if (recommendation == null && rules.sawData()) {
            recommendation = current;
            driver = "every signal within its objective";
            cause = null;
        }
        // Nothing to go on: hold or fall back, never down.
        if (recommendation == null) {
            int desired = current;
            if (p.missing().action() == MissingSignals.Action.FALLBACK) {
                desired = Math.max(current, Math.min(p.maxReplicas(), p.missing().fallbackReplicas()));
            }
            desired = Math.max(desired, p.minReplicas());
            String why = p.missing().action() == MissingSignals.Action.FALLBACK ? "fallback floor " + p.missing().fallbackReplicas() : "holding";
            if (desired > Math.max(current, p.minReplicas()) && o.unschedulable() > 0) {
                // No signal, so no load to add for: the fallback floor would only add pods no node has room for.
                desired = Math.max(current, p.minReplicas());
                why = why + "; " + unschedulable(o);
            }
            String reason = String.format(Locale.ROOT, "%s %s %d%s: no fresh signal (%s)", verb(current, desired), who,
                    current, desired == current ? "" : " -> " + desired, why);
            TargetMemory kept = new TargetMemory(m.observingSince(), m.recommendations(), m.events(), m.burstUntil(),
                    m.burstFloor(), m.lastScaleUpAt(), m.lastChangeAt(), capacity, loads);
            return new Decision(current, desired, reason, null, List.copyOf(details), m.inBurst(now), true, kept, learnedTarget,
                    o.unschedulable(), o.unschedulableMessage());
        }
        // A scale-down keeps the headroom the load's own recent re-rises ask for (never more than the current count).
        recommendation = ScaleDownHeadroom.apply(p, loads, recommendation, current, details);
        recommendation = ReturningDips.apply(p, loads, recommendation, current, learnedTarget, details);
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

        // 2. Burst mode on the fast window.
        BurstMode.Outcome burst = BurstMode.apply(p, o, m, now, recommendation, settling, learnedTarget, details);
        if (burst.active()) {
            // Said whenever in force: it is also why nothing scales down.
            driver = driver + "; " + burst.why();
            recommendation = burst.recommendation();
        }

        // 3. HPA stabilization over raw recommendations, then rate limits, then min/max.
        List<Recommendation> history = prune(m.recommendations(), now,
                max(p.scaleUp().stabilizationWindow(), p.scaleDown().stabilizationWindow()));
        int stabilized = Normalizer.stabilize(recommendation, current, history, p, now);
        if (stabilized != recommendation) {
            details.add(String.format(Locale.ROOT, "stabilized %d -> %d (windows up %ss, down %ss)", recommendation,
                    stabilized, p.scaleUp().stabilizationWindow().toSeconds(), p.scaleDown().stabilizationWindow().toSeconds()));
        }
        int desired;
        if (burst.active() && stabilized > current) {
            // Burst mode scales up to what the fast window asks at once, as Knative's panic mode does: the
            // rate policies are for ordinary drift, and a burst is exactly when waiting costs requests.
            desired = Math.min(stabilized, p.maxReplicas());
            if (stabilized > p.maxReplicas()) {
                details.add("at maxReplicas " + p.maxReplicas());
            }
        } else {
            desired = Normalizer.limitRate(stabilized, current, m.events(), p, now, details);
        }
        // The history holds what the signals measured, as the HPA's does: not the burst floor (which would keep a
        // one-second spike's count for a whole scale-down window after the burst) and not a settling hold.
        List<Recommendation> nextHistory = new ArrayList<>(history);
        if (rules.raw() != null) {
            nextHistory.add(new Recommendation(now, rules.raw()));
        }
        TargetMemory next = new TargetMemory(m.observingSince(), List.copyOf(nextHistory),
                pruneEvents(m.events(), now, max(p.scaleUp().longestPeriod(), p.scaleDown().longestPeriod())),
                burst.until(), burst.floor(), m.lastScaleUpAt(), m.lastChangeAt(), capacity, loads);
        if (waitingForNodes) {
            driver = driver + "; " + unschedulable(o);
        }
        String reason = String.format(Locale.ROOT, "%s %s %d%s: %s", verb(current, desired), who, current,
                desired == current ? "" : " -> " + desired, driver);
        return new Decision(current, desired, reason, cause, List.copyOf(details), burst.active(), false, next, learnedTarget,
                o.unschedulable(), o.unschedulableMessage());
    }

    private static TargetMemory withCapacityAndLoads(TargetMemory m, LearnedCapacity c, LoadHistory loads) {
        return new TargetMemory(m.observingSince(), m.recommendations(), m.events(), m.burstUntil(), m.burstFloor(),
                m.lastScaleUpAt(), m.lastChangeAt(), c, loads);
    }

    private static List<Recommendation> prune(List<Recommendation> list, Instant now, Duration keep) {
        Instant cutoff = now.minus(keep);
        return list.stream().filter(r -> r.at().isAfter(cutoff)).toList();
    }

    private static List<ScaleEvent> pruneEvents(List<ScaleEvent> list, Instant now, Duration keep) {
        Instant cutoff = now.minus(keep);
        return list.stream().filter(e -> e.at().isAfter(cutoff)).toList();
    }

    /** A policy window such as {@code 60s} (PolicyParser checked its form). */
    private static Duration window(String w) {
        return Duration.ofSeconds(Long.parseLong(w.replace("s", "")));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String unschedulable(Observation o) {
        return String.format(Locale.ROOT, "%d cannot be scheduled (%s): only the load's rate adds replicas", o.unschedulable(),
                o.unschedulableMessage().isEmpty() ? "Unschedulable" : o.unschedulableMessage());
    }

    private static String verb(int current, int desired) {
        return desired == current ? "keep" : "scale";
    }
}
