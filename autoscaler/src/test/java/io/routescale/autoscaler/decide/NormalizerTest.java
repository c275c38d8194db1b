package io.routescale.autoscaler.decide;

import io.routescale.autoscaler.policy.Behavior;
import io.routescale.autoscaler.policy.RatePolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.routescale.autoscaler.decide.DeciderTest.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * routescale's own HPA-parity rate limits, on the two cases upstream added with kubernetes#109058
 * ({@code horizontal_test.go}, TestScalingWithRules): a period's start counts the replicas added and removed in it.
 */
class NormalizerTest {
    static Behavior percent(int value, int periodSeconds) {
        return new Behavior(Duration.ZERO, List.of(new RatePolicy(RatePolicy.Type.PERCENT, value, Duration.ofSeconds(periodSeconds))),
                Behavior.Select.MAX);
    }

    /** A change {@code secondsAgo}, as {@code generateEventsUniformDistribution([]int{n}, 120)} places a lone event: 60 s ago. */
    static ScaleEvent event(int from, int to) {
        Instant at = NOW.minusSeconds(60);
        return new ScaleEvent(at, from, to);
    }

    @Test
    void scaleUpWithPercentPolicyAndPreviousScaleUpAndDownEvents() {
        // 6 now, +4 and -2 in the period: it started at 4; 300% of 4 on top is 16 (before the fix: 2 x 4 = 8).
        List<ScaleEvent> events = List.of(event(2, 6), event(8, 6));
        assertEquals(16, Normalizer.scaleUpLimit(6, events, percent(300, 300), NOW));
    }

    @Test
    void scaleDownWithPercentPolicyAndPreviousScaleUpAndDownEvents() {
        // 10 now, +2 and -4 in the period: it started at 12; 50% of 12 is 6 (before the fix: 50% of 14 = 7).
        List<ScaleEvent> events = List.of(event(8, 10), event(14, 10));
        assertEquals(6, Normalizer.scaleDownLimit(10, events, percent(50, 180), NOW));
    }
}
