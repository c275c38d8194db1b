package io.routescale.autoscaler.replay;

import io.micronaut.serde.annotation.Serdeable;

/**
 * One policy over a whole trace (every target summed; {@code replicas} per second summed over targets).
 * {@code p99Seconds}: modelled p99 per second, the worst over targets (overload is written as 60). Field names
 * are the report's: other tools read {@code report.json}.
 */
@Serdeable
public record PolicyResult(long sloViolationSeconds, double requestsOverCapacity, double podSeconds, int scaleActions,
                           int directionChanges, int longestViolationSeconds, int[] replicas,
                           double[] p99Seconds) {
}
