package io.routescale.autoscaler.decide;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the decision remembers of a target between cycles. Immutable: {@link Decider} returns the next one.
 *
 * @param observingSince  when this process (this leader) started deciding for the target
 * @param recommendations raw recommendations within the longest stabilization window
 * @param events          replica changes written within the longest rate-limit period
 * @param burstUntil      end of the current burst; null when not in one
 * @param burstFloor      highest count asked for during the current burst (it never goes down inside one)
 * @param lastScaleUpAt   when replicas were last raised; null if never
 * @param lastChangeAt    when replicas last changed either way; null if never
 * @param capacity        what an objective target has learned of its capacity; null before a clean window
 * @param loads           the load over the last half hour and the dips of the last two hours that came back,
 *                        for scale-down
 */
public record TargetMemory(Instant observingSince, List<Recommendation> recommendations, List<ScaleEvent> events,
                           Instant burstUntil, int burstFloor, Instant lastScaleUpAt, Instant lastChangeAt,
                           LearnedCapacity capacity, LoadHistory loads) {

    /** Memory with no change, capacity or load remembered yet. */
    public TargetMemory(Instant observingSince, List<Recommendation> recommendations, List<ScaleEvent> events,
                        Instant burstUntil, int burstFloor, Instant lastScaleUpAt) {
        this(observingSince, recommendations, events, burstUntil, burstFloor, lastScaleUpAt, lastScaleUpAt, null, LoadHistory.EMPTY);
    }

    public static TargetMemory fresh(Instant now) {
        return new TargetMemory(now, List.of(), List.of(), null, 0, null);
    }

    /** After a change was written: remembered for rate limits, start-up awareness and learning. */
    public TargetMemory recordScale(Instant at, int from, int to, Duration keep) {
        List<ScaleEvent> next = new ArrayList<>();
        for (ScaleEvent e : events) {
            if (e.at().isAfter(at.minus(keep))) {
                next.add(e);
            }
        }
        next.add(new ScaleEvent(at, from, to));
        return new TargetMemory(observingSince, recommendations, List.copyOf(next), burstUntil, burstFloor,
                to > from ? at : lastScaleUpAt, at, capacity, loads);
    }

    public boolean inBurst(Instant now) {
        return burstUntil != null && now.isBefore(burstUntil);
    }
}
