package io.routescale.autoscaler.replay.baseline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One HorizontalPodAutoscaler as the controller runs it, ported from Kubernetes'
 * {@code pkg/controller/podautoscaler/horizontal.go} (1.33+): {@code reconcileAutoscaler} for one External
 * {@code AverageValue} metric, {@code normalizeDesiredReplicasWithBehaviors} (stabilization over the raw
 * recommendations, then the behaviour's rate limits), {@code storeScaleEvent} and the rate-limit arithmetic as
 * fixed by kubernetes#109058 (a period's start counts the replicas added <em>and</em> removed in it).
 *
 * <p>It is the replay's judge of routescale, so it shares no decision code with routescale; it is checked with
 * cases from upstream's own {@code horizontal_test.go} and {@code replica_calculator_test.go}. Time comes in
 * as an argument; the controller's memory (recommendations, scale events) lives here, one instance per HPA.
 */
public final class HpaController {
    private final int minReplicas;
    private final int maxReplicas;
    private final long targetPerPodMilli;
    private final HpaReplicaCalculator.Tolerances tolerances;
    private final HpaScalingRules scaleUp;
    private final HpaScalingRules scaleDown;
    private final List<Recommendation> recommendations = new ArrayList<>();
    private final List<ScaleEvent> scaleUpEvents = new ArrayList<>();
    private final List<ScaleEvent> scaleDownEvents = new ArrayList<>();
    private boolean recommendationsRecorded;

    /** {@code timestampedRecommendation}. */
    record Recommendation(int recommendation, Instant timestamp) {
    }

    /** {@code timestampedScaleEvent}: {@code replicaChange} is positive in both lists. */
    static final class ScaleEvent {
        final int replicaChange;
        final Instant timestamp;
        boolean outdated;

        ScaleEvent(int replicaChange, Instant timestamp, boolean outdated) {
            this.replicaChange = replicaChange;
            this.timestamp = timestamp;
            this.outdated = outdated;
        }
    }

    /** The outcome of a normalization step: the replicas and upstream's condition reason. */
    record Normalized(int replicas, String reason) {
    }

    public HpaController(int minReplicas, int maxReplicas, double targetPerPod, HpaReplicaCalculator.Tolerances tolerances,
                         HpaScalingRules scaleUp, HpaScalingRules scaleDown) {
        this.minReplicas = minReplicas;
        this.maxReplicas = maxReplicas;
        // resource.Quantity keeps milli-units; a target is written to the HPA as such.
        this.targetPerPodMilli = Math.round(targetPerPod * 1000);
        this.tolerances = tolerances;
        this.scaleUp = scaleUp;
        this.scaleDown = scaleDown;
    }

    /** An HPA with Kubernetes' default behaviour and tolerance. */
    public static HpaController withDefaults(int minReplicas, int maxReplicas, double targetPerPod) {
        return new HpaController(minReplicas, maxReplicas, targetPerPod, HpaReplicaCalculator.Tolerances.DEFAULT,
                HpaScalingRules.defaultScaleUp(), HpaScalingRules.defaultScaleDown());
    }

    /**
     * One sync ({@code reconcileAutoscaler}).
     *
     * @param specReplicas   {@code /scale} {@code spec.replicas}
     * @param statusReplicas {@code /scale} {@code status.replicas}
     * @param metricValue    the External metric's value (the adapter's answer, summed); null when the metrics API
     *                       fails or returns nothing, which upstream treats as an invalid metric: no scaling
     * @return the replicas written, or {@code specReplicas} when nothing is written
     */
    public int reconcile(Instant now, int specReplicas, int statusReplicas, Double metricValue) {
        int current = specReplicas;
        recordInitialRecommendation(current, now);
        int desired;
        if (specReplicas == 0 && minReplicas != 0) {
            return current;   // "scaling is disabled since the replica count of the target is zero"
        } else if (current > maxReplicas) {
            desired = maxReplicas;
        } else if (current < minReplicas) {
            desired = minReplicas;
        } else {
            if (metricValue == null || metricValue.isNaN()) {
                return current;   // computeReplicasForMetrics: every metric invalid, returns -1
            }
            int proposal = HpaReplicaCalculator.externalPerPod(statusReplicas, targetPerPodMilli, tolerances,
                    toMilli(metricValue)).replicas();
            desired = Math.max(0, proposal);
            desired = normalizeWithBehaviors(now, current, desired);
        }
        if (desired != current) {
            storeScaleEvent(now, current, desired);
        }
        return desired;
    }

    /** {@code normalizeDesiredReplicasWithBehaviors}: stabilize, then apply the rate limits and min/max. */
    int normalizeWithBehaviors(Instant now, int current, int prenormalized) {
        int stabilized = stabilizeRecommendationWithBehaviors(now, current, prenormalized);
        return convertDesiredReplicasWithBehaviorRate(now, current, stabilized).replicas();
    }

    /** {@code recordInitialRecommendation}: the first sync remembers the current count as a recommendation. */
    void recordInitialRecommendation(int current, Instant now) {
        if (!recommendationsRecorded) {
            recommendationsRecorded = true;
            if (recommendations.isEmpty()) {
                recommendations.add(new Recommendation(current, now));
            }
        }
    }

    /**
     * {@code stabilizeRecommendationWithBehaviors}: the current count is brought within [lowest recommendation of
     * the scale-up window, highest of the scale-down window]; the raw recommendation is recorded, reusing a slot
     * older than both windows.
     */
    int stabilizeRecommendationWithBehaviors(Instant now, int current, int desired) {
        int up = desired;
        Instant upCutoff = now.minus(Duration.ofSeconds(scaleUp.stabilizationWindowSeconds()));
        int down = desired;
        Instant downCutoff = now.minus(Duration.ofSeconds(scaleDown.stabilizationWindowSeconds()));
        int oldSampleIndex = -1;
        for (int i = 0; i < recommendations.size(); i++) {
            Recommendation rec = recommendations.get(i);
            if (rec.timestamp().isAfter(upCutoff)) {
                up = Math.min(rec.recommendation(), up);
            }
            if (rec.timestamp().isAfter(downCutoff)) {
                down = Math.max(rec.recommendation(), down);
            }
            if (rec.timestamp().isBefore(upCutoff) && rec.timestamp().isBefore(downCutoff)) {
                oldSampleIndex = i;
            }
        }
        int recommendation = current;
        if (recommendation < up) {
            recommendation = up;
        }
        if (recommendation > down) {
            recommendation = down;
        }
        Recommendation fresh = new Recommendation(desired, now);
        if (oldSampleIndex >= 0) {
            recommendations.set(oldSampleIndex, fresh);
        } else {
            recommendations.add(fresh);
        }
        return recommendation;
    }

    /** {@code convertDesiredReplicasWithBehaviorRate}. */
    Normalized convertDesiredReplicasWithBehaviorRate(Instant now, int current, int desired) {
        if (desired > current) {
            int scaleUpLimit = scaleUpLimit(now, current, scaleUpEvents, scaleDownEvents, scaleUp);
            if (scaleUpLimit < current) {
                scaleUpLimit = current;   // no further scale-up until the events age out
            }
            int maximumAllowed = maxReplicas;
            String reason;
            if (maximumAllowed > scaleUpLimit) {
                maximumAllowed = scaleUpLimit;
                reason = "ScaleUpLimit";
            } else {
                reason = "TooManyReplicas";
            }
            if (desired > maximumAllowed) {
                return new Normalized(maximumAllowed, reason);
            }
        } else if (desired < current) {
            int scaleDownLimit = scaleDownLimit(now, current, scaleUpEvents, scaleDownEvents, scaleDown);
            if (scaleDownLimit > current) {
                scaleDownLimit = current;   // no further scale-down until the events age out
            }
            int minimumAllowed = minReplicas;
            String reason;
            if (minimumAllowed < scaleDownLimit) {
                minimumAllowed = scaleDownLimit;
                reason = "ScaleDownLimit";
            } else {
                reason = "TooFewReplicas";
            }
            if (desired < minimumAllowed) {
                return new Normalized(minimumAllowed, reason);
            }
        }
        return new Normalized(desired, "DesiredWithinRange");
    }

    /** {@code calculateScaleUpLimitWithScalingRules}. */
    static int scaleUpLimit(Instant now, int current, List<ScaleEvent> upEvents, List<ScaleEvent> downEvents,
                            HpaScalingRules rules) {
        if (rules.select() == HpaScalingRules.Select.DISABLED) {
            return current;
        }
        boolean min = rules.select() == HpaScalingRules.Select.MIN;
        int result = min ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        for (HpaScalingRules.Policy policy : rules.policies()) {
            int added = replicasChangePerPeriod(now, policy.periodSeconds(), upEvents);
            int deleted = replicasChangePerPeriod(now, policy.periodSeconds(), downEvents);
            int periodStart = current - added + deleted;
            int proposed = policy.type() == HpaScalingRules.Policy.Type.PODS ? periodStart + policy.value()
                    // rounded up, or a small percentage of a small count would never add a pod
                    : (int) Math.ceil(periodStart * (1 + policy.value() / 100.0));
            result = min ? Math.min(result, proposed) : Math.max(result, proposed);
        }
        return result;
    }

    /** {@code calculateScaleDownLimitWithBehaviors}. */
    static int scaleDownLimit(Instant now, int current, List<ScaleEvent> upEvents, List<ScaleEvent> downEvents,
                              HpaScalingRules rules) {
        if (rules.select() == HpaScalingRules.Select.DISABLED) {
            return current;
        }
        boolean min = rules.select() == HpaScalingRules.Select.MIN;
        // Going down, the smallest change ('Min') is the highest count.
        int result = min ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        for (HpaScalingRules.Policy policy : rules.policies()) {
            int added = replicasChangePerPeriod(now, policy.periodSeconds(), upEvents);
            int deleted = replicasChangePerPeriod(now, policy.periodSeconds(), downEvents);
            int periodStart = current - added + deleted;
            int proposed = policy.type() == HpaScalingRules.Policy.Type.PODS ? periodStart - policy.value()
                    : (int) (periodStart * (1 - policy.value() / 100.0));
            result = min ? Math.max(result, proposed) : Math.min(result, proposed);
        }
        return result;
    }

    /** {@code getReplicasChangePerPeriod}. */
    static int replicasChangePerPeriod(Instant now, int periodSeconds, List<ScaleEvent> events) {
        Instant cutoff = now.minus(Duration.ofSeconds(periodSeconds));
        int replicas = 0;
        for (ScaleEvent e : events) {
            if (e.timestamp.isAfter(cutoff)) {
                replicas += e.replicaChange;
            }
        }
        return replicas;
    }

    /** {@code storeScaleEvent}: marks events older than the direction's longest period outdated and reuses one. */
    void storeScaleEvent(Instant now, int prevReplicas, int newReplicas) {
        boolean up = newReplicas > prevReplicas;
        List<ScaleEvent> events = up ? scaleUpEvents : scaleDownEvents;
        int longest = (up ? scaleUp : scaleDown).longestPolicyPeriod();
        Instant cutoff = now.minus(Duration.ofSeconds(longest));
        int oldSampleIndex = -1;
        for (int i = 0; i < events.size(); i++) {
            ScaleEvent e = events.get(i);
            if (e.timestamp.isBefore(cutoff)) {
                e.outdated = true;
            }
            if (e.outdated) {
                oldSampleIndex = i;
            }
        }
        ScaleEvent fresh = new ScaleEvent(Math.abs(newReplicas - prevReplicas), now, false);
        if (oldSampleIndex >= 0) {
            events.set(oldSampleIndex, fresh);
        } else {
            events.add(fresh);
        }
    }

    // Test access to the controller's memory, as upstream's tests set and read the controller's maps.
    List<Recommendation> recommendations() {
        return recommendations;
    }

    List<ScaleEvent> scaleUpEvents() {
        return scaleUpEvents;
    }

    List<ScaleEvent> scaleDownEvents() {
        return scaleDownEvents;
    }

    private static long toMilli(double value) {
        // resource.Quantity.MilliValue() rounds up.
        double milli = Math.ceil(value * 1000 - 1e-9);
        return milli >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) milli;
    }
}
