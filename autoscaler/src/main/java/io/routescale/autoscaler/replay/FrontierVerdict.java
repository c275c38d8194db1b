package io.routescale.autoscaler.replay;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * How routescale stands against one baseline's frontier (issue 11's goal (1)).
 *
 * @param dominates            no point of the sweep is more than 1% cheaper than routescale while having fewer
 *                             than 2x routescale's SLO-violation seconds + 10 s
 * @param beatenBy             the targets of the points that break {@code dominates}
 * @param bestTarget           the baseline's best setting for this trace: the highest (cheapest) target that keeps
 *                             99.9% of seconds within the SLO; the point with the fewest violations when none does
 * @param bestViolationSeconds its SLO-violation seconds
 * @param bestPodSeconds       its pod-seconds
 * @param halfTheBestsViolations routescale has at most half the best setting's violations
 * @param noMoreCostThanBest   routescale uses no more pod-seconds than the best setting
 */
@Serdeable
public record FrontierVerdict(boolean dominates, List<Double> beatenBy, double bestTarget, long bestViolationSeconds,
                              double bestPodSeconds, boolean halfTheBestsViolations, boolean noMoreCostThanBest) {
    /** The share of a trace's seconds that may violate the SLO at the best setting (a 99.9% objective). */
    static final double ERROR_BUDGET = 0.001;

    static FrontierVerdict of(PolicyResult routescale, List<FrontierPoint> frontier, int seconds) {
        List<Double> beatenBy = frontier.stream()
                .filter(p -> p.podSeconds() < 0.99 * routescale.podSeconds()
                        && p.sloViolationSeconds() < 2 * routescale.sloViolationSeconds() + 10)
                .map(FrontierPoint::target).toList();
        FrontierPoint best = best(frontier, seconds);
        return new FrontierVerdict(beatenBy.isEmpty(), beatenBy, best.target(), best.sloViolationSeconds(),
                best.podSeconds(), 2 * routescale.sloViolationSeconds() <= best.sloViolationSeconds(),
                routescale.podSeconds() <= best.podSeconds());
    }

    static FrontierPoint best(List<FrontierPoint> frontier, int seconds) {
        FrontierPoint best = null;
        for (FrontierPoint p : frontier) {
            if (p.sloViolationSeconds() <= ERROR_BUDGET * seconds && (best == null || p.podSeconds() < best.podSeconds())) {
                best = p;
            }
        }
        if (best != null) {
            return best;
        }
        for (FrontierPoint p : frontier) {
            if (best == null || p.sloViolationSeconds() < best.sloViolationSeconds()
                    || p.sloViolationSeconds() == best.sloViolationSeconds() && p.podSeconds() < best.podSeconds()) {
                best = p;
            }
        }
        return best;
    }
}
