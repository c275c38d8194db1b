package io.routescale.autoscaler.policy;

import java.time.Duration;
import java.util.List;

/**
 * Everything that decides one target's replica count.
 *
 * @param target       the workload
 * @param mode         direct or via an HPA
 * @param hpaName      the HPA to patch in {@code HPA} mode; null otherwise
 * @param signals      rules; the largest recommendation wins (as in the HPA)
 * @param minReplicas  floor
 * @param maxReplicas  ceiling
 * @param tolerance    no change while every ratio is within 1 ± tolerance (HPA default 0.1)
 * @param stableWindow exporter window that drives normal decisions, e.g. {@code 60s}
 * @param fastWindow   exporter window that detects bursts, e.g. {@code 10s}
 * @param scaleUp      HPA-style behaviour going up
 * @param scaleDown    HPA-style behaviour going down
 * @param burst        panic mode
 * @param podStartup   how long a new pod takes to serve; latency and in flight do not re-trigger a scale-up
 *                     until it and a fast window have passed
 * @param missing      what to do without signals
 * @param dryRun       decide and explain, never write
 * @param objective    set when the target is declared by its objective: {@code signals} then hold the learned
 *                     rps rule, the p99 rule and the error guard it expands to; null otherwise
 * @param hpaMetric    {@code mode: hpa} with an objective: the name of the HPA's metric (External, Object or Pods,
 *                     with an {@code AverageValue} target) whose per-replica target routescale keeps at the learned
 *                     value; null: only the {@code minReplicas} floor is written
 */
public record TargetPolicy(TargetRef target, Mode mode, String hpaName, List<SignalRule> signals, int minReplicas,
                           int maxReplicas, double tolerance, String stableWindow, String fastWindow, Behavior scaleUp,
                           Behavior scaleDown, Burst burst, Duration podStartup, MissingSignals missing, boolean dryRun,
                           Objective objective, String hpaMetric) {
    /** A target driven by its signal rules alone. */
    public TargetPolicy(TargetRef target, Mode mode, String hpaName, List<SignalRule> signals, int minReplicas,
                        int maxReplicas, double tolerance, String stableWindow, String fastWindow, Behavior scaleUp,
                        Behavior scaleDown, Burst burst, Duration podStartup, MissingSignals missing, boolean dryRun) {
        this(target, mode, hpaName, signals, minReplicas, maxReplicas, tolerance, stableWindow, fastWindow, scaleUp,
                scaleDown, burst, podStartup, missing, dryRun, null, null);
    }
}
