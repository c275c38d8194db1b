package io.routescale.autoscaler.decide;

import java.time.Instant;

/**
 * What a target has learned of its own capacity: the per-replica rate at which its objective holds. Kept in the
 * target's memory, so the decision stays a pure function of its inputs.
 *
 * @param rpsPerReplica  the estimate
 * @param floorP99       the lowest stable-window p99 seen: the latency without queueing, the far end of the
 *                       objective's headroom
 * @param firstSampleAt  when the first clean window was learned from
 * @param samples        clean windows learned from (one per decision)
 * @param lowFraction    the lowest per-replica load learned from, as a share of the estimate then
 * @param highFraction   the highest
 * @param ceiling        the lowest per-replica rate at which the objective was last missed, forgotten by 1% every
 *                       10 minutes; exploration stays 3% below it (NaN: none)
 * @param lastCutAt      when a miss last lowered the estimate; exploration waits 10 minutes after it (null: never)
 */
public record LearnedCapacity(double rpsPerReplica, double floorP99, Instant firstSampleAt, long samples,
                              double lowFraction, double highFraction, double ceiling, Instant lastCutAt) {
    public LearnedCapacity(double rpsPerReplica, double floorP99, Instant firstSampleAt, long samples, double lowFraction,
                           double highFraction) {
        this(rpsPerReplica, floorP99, firstSampleAt, samples, lowFraction, highFraction, Double.NaN, null);
    }
}
