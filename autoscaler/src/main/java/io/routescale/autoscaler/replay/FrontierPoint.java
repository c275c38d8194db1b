package io.routescale.autoscaler.replay;

import io.micronaut.serde.annotation.Serdeable;

/**
 * A baseline run at one target of the sweep, every trace target summed ({@code report.json}
 * {@code baselines.hpa[]}, {@code baselines.kpa[]}).
 *
 * @param target         rps per replica the baseline ran at
 * @param targetFraction that target as a fraction of the rate at which one replica meets the SLO in the model
 */
@Serdeable
public record FrontierPoint(double target, double targetFraction, long sloViolationSeconds, double podSeconds,
                            double requestsOverCapacity, int scaleActions, int directionChanges,
                            int longestViolationSeconds) {
}
