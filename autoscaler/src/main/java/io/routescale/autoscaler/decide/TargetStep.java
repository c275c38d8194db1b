package io.routescale.autoscaler.decide;

import io.routescale.autoscaler.policy.TargetPolicy;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One target's cycle around the decision, for the daemon and the replay alike: decide, let the caller act, and
 * remember what was written. It is the one place a target's memory changes, so the daemon and the replay cannot
 * drift apart in what they remember.
 */
public final class TargetStep {
    private final Decider decider = new Decider();

    /** What one step gives: the decision, what acting on it returned, and the memory for the next step. */
    public record Outcome<A>(Decision decision, A action, TargetMemory memory) {
    }

    /** Memory for a target this process has just started deciding for (a new leader, a new target). */
    public static TargetMemory firstMemory(Instant now) {
        return TargetMemory.fresh(now);
    }

    /**
     * @param act     acts on the decision (writes, or not) and says what it did
     * @param written whether that action wrote the change: only then is it remembered, for rate limits and for
     *                start-up awareness
     */
    public <A> Outcome<A> run(TargetPolicy p, Observation o, TargetMemory m, Instant now,
                              Function<Decision, A> act, Predicate<A> written) {
        Decision d = decider.decide(p, o, m, now);
        A action = act.apply(d);
        TargetMemory next = d.memory();
        if (d.changes() && written.test(action)) {
            Duration keep = p.scaleUp().longestPeriod().compareTo(p.scaleDown().longestPeriod()) >= 0
                    ? p.scaleUp().longestPeriod() : p.scaleDown().longestPeriod();
            next = next.recordScale(now, d.current(), d.desired(), keep);
        }
        return new Outcome<>(d, action, next);
    }
}
