package io.routescale.autoscaler.replay;

import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * {@code report.json}: what the replay ran on, the model, {@code policies.<name>} for routescale, hpa, kpa and
 * oracle (the baselines at the policy's own target), and {@code baselines} (their frontiers over a target sweep).
 *
 * @param policy         where routescale's policy came from
 * @param baselinePolicy where the HPA's and KPA's rpsPerReplica targets came from (the same as {@code policy}
 *                       unless {@code --baseline-policy} was given)
 * @param baselines      the HPA's and the KPA's frontiers: each run at every target of the sweep
 * @param load           offered load per second, summed over targets (for plots)
 */
@Serdeable
public record Report(String trace, int seconds, int targets, ClusterModel model, String policy, String baselinePolicy,
                     Map<String, PolicyResult> policies, Baselines baselines, double[] load) {
}
