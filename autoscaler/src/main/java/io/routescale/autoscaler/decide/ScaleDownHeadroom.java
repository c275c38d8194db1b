package io.routescale.autoscaler.decide;

import io.routescale.autoscaler.policy.SignalRule;
import io.routescale.autoscaler.policy.TargetPolicy;

import java.util.List;
import java.util.Locale;

/**
 * How far to scale down, from the load's own recent behaviour rather than one fixed window: a pod removed now
 * takes a start-up to come back, so a scale-down keeps the headroom for the rise the load made within start-up
 * plus a fast window in 90% of the last half hour's 10 s steps, when that rise is more than the tolerance band
 * (a smaller one would not even scale up). Smooth traffic scales down fully; bursty traffic that keeps coming
 * back keeps its pods. Objective targets skip it: their learned target already keeps that room. It only ever holds a scale-down back: it
 * never raises the count and never lowers it below what the rules want. (Google's Autopilot sizes on peaks of
 * moving windows for the same reason; Knative's scale-down-delay is the fixed-window form of it.)
 */
final class ScaleDownHeadroom {
    static final double QUANTILE = 0.9;

    private ScaleDownHeadroom() {
    }

    /** The load the history follows: the fast window of the first requests-per-second rule. */
    static Double load(TargetPolicy p, Observation o) {
        for (SignalRule r : p.signals()) {
            if (r instanceof SignalRule.RpsPerReplica || r instanceof SignalRule.LearnedRpsPerReplica) {
                Reading reading = o.readings().get(r);
                return reading == null ? null : reading.fast();
            }
        }
        return null;
    }

    static int apply(TargetPolicy p, LoadHistory loads, int recommendation, int current, List<String> details) {
        // An objective's learned target already keeps this room (CapacityLearner.share): counting it twice would
        // pay for every re-rise twice.
        if (recommendation >= current || p.objective() != null) {
            return recommendation;
        }
        int horizon = (int) p.podStartup().toSeconds() + Integer.parseInt(p.fastWindow().replace("s", ""));
        double rise = loads.reRise(horizon, QUANTILE);
        // A re-rise within the tolerance band would not even scale up: no pod is worth keeping for it.
        if (Double.isNaN(rise) || rise <= 1 + p.tolerance()) {
            return recommendation;
        }
        int kept = Math.min(current, (int) Math.ceil(recommendation * rise - 1e-9));
        if (kept > recommendation) {
            details.add(String.format(Locale.ROOT, "scale-down keeps x%.2f: the load re-rose that far within %d s in 10%% of the last %d min",
                    rise, horizon, loads.size() * LoadHistory.STEP_SECONDS / 60));
        }
        return Math.max(recommendation, kept);
    }
}
