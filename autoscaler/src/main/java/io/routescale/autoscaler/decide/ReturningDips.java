package io.routescale.autoscaler.decide;

import io.routescale.autoscaler.policy.TargetPolicy;

import java.util.List;
import java.util.Locale;

/**
 * A scale-down that knows the traffic comes back (issue 11 item 4): when, in the last two hours, the load dipped
 * (below half the highest of the minute before) and came back (to 80% of that level; {@link LoadHistory}), an
 * objective target keeps the count that the highest load of the last {@link #HOLD_FACTOR} times the longest such
 * dip plus a pod start-up needs. A dip like those that came back then costs pods for its length, not a start-up
 * of violations when it ends, which is what a reactive scale-down pays on bursty traffic (the NASA trace: a step
 * back to the old level after a one- or two-minute dip, each a start-up of violations). Traffic whose dips never come back holds
 * nothing; smooth traffic has none. It only holds a scale-down back: never above the current count, never below
 * what the rules want. (Knative's scale-down-delay and the HPA's 300 s scale-down window are the fixed forms of
 * this hold; here its length comes from the target's own load.)
 */
final class ReturningDips {
    /**
     * The hold, in multiples of the longest dip that came back: the next dip may be longer than any seen so far.
     * Measured on the bundled traces under the three models (docs/replay.md): 1.5x and 2x left 42-91 violation
     * seconds on the NASA trace under the M/M/8 models, beaten by the HPA's frontier; 3x left 21-30, dominating it.
     */
    static final int HOLD_FACTOR = 3;

    private ReturningDips() {
    }

    /** @param learnedTarget the objective's rps per replica now; null (no objective, nothing learned) holds nothing */
    static int apply(TargetPolicy p, LoadHistory loads, int recommendation, int current, Double learnedTarget,
                     List<String> details) {
        if (recommendation >= current || learnedTarget == null || !(learnedTarget > 0)) {
            return recommendation;
        }
        int dip = loads.longestReturnedDipSeconds();
        if (dip == 0) {
            return recommendation;
        }
        int hold = HOLD_FACTOR * dip + (int) p.podStartup().toSeconds();
        double peak = loads.highestOfLast(hold);
        if (Double.isNaN(peak)) {
            return recommendation;
        }
        int kept = Math.min(current, (int) Math.ceil(peak / learnedTarget - 1e-9));
        if (kept > recommendation) {
            details.add(String.format(Locale.ROOT, "scale-down keeps %d for the highest load of the last %d s: in the last %d h "
                    + "the load dipped and came back within %d s", kept, hold, LoadHistory.DIP_MEMORY.toHours(), dip));
        }
        return Math.max(recommendation, kept);
    }
}
