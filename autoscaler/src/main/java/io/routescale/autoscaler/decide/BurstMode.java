package io.routescale.autoscaler.decide;

import io.routescale.autoscaler.policy.TargetPolicy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Step 3 of a decision, after Knative's panic mode: when the fast window asks for {@code threshold} times the
 * ready replicas, the fast window drives until a burst stable window has passed since the last trigger; inside a
 * burst the count never goes down, and the scale-up is not rate-limited (waiting is exactly what costs requests).
 */
final class BurstMode {
    private BurstMode() {
    }

    /**
     * @param until          end of the burst, null when none is in force
     * @param floor          highest count asked for during it
     * @param recommendation the recommendation with the burst applied
     * @param why            what holds the count in burst mode, for the reason (the figure that drove the change,
     *                       which the stable-window rule beside it does not show); null outside a burst
     */
    record Outcome(Instant until, int floor, int recommendation, String why) {
        boolean active() {
            return until != null;
        }
    }

    static Outcome apply(TargetPolicy p, Observation o, TargetMemory m, Instant now, int recommendation, boolean settling,
                         Double learnedTarget, List<String> details) {
        // A burst remembered from before a policy reload that turned bursts off ends now.
        Instant until = p.burst().enabled() && m.burstUntil() != null && now.isBefore(m.burstUntil()) ? m.burstUntil() : null;
        int floor = until == null ? 0 : m.burstFloor();
        if (!p.burst().enabled()) {
            return new Outcome(null, 0, recommendation, null);
        }
        Integer fast = RuleRecommender.fast(p, o, settling, learnedTarget);
        int ready = Math.max(1, o.readyReplicas());
        String why = null;
        if (fast != null && (double) fast / ready >= p.burst().threshold()) {
            until = now.plus(p.burst().stableWindow());
            why = String.format(Locale.ROOT, "burst mode: fast window (%s) wants %d, %.1fx the %d ready",
                    p.fastWindow(), fast, (double) fast / ready, o.readyReplicas());
            details.add(why);
        }
        if (until == null) {
            return new Outcome(null, 0, recommendation, null);
        }
        if (why == null) {
            why = String.format(Locale.ROOT, "burst mode for %ds more: holding its %d", Duration.between(now, until).toSeconds(), floor);
        }
        int inBurst = Math.max(Math.max(recommendation, o.specReplicas()), floor);
        if (fast != null) {
            inBurst = Math.max(inBurst, fast);
        }
        return new Outcome(until, inBurst, inBurst, why);
    }
}
