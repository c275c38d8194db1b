package io.routescale.autoscaler.replay;

import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * {@code report.json}: what the replay ran on, the model, and {@code policies.<name>} for routescale, hpa, kpa
 * and oracle.
 *
 * @param policy         where routescale's policy came from
 * @param baselinePolicy where the HPA's and KPA's rpsPerReplica targets came from (the same as {@code policy}
 *                       unless {@code --baseline-policy} was given)
 * @param load           offered load per second, summed over targets (for plots)
 */
@Serdeable
public record Report(String trace, int seconds, int targets, ClusterModel model, String policy, String baselinePolicy,
                     Map<String, PolicyResult> policies, double[] load) {
}
