package io.routescale.autoscaler.decide;

import io.routescale.autoscaler.policy.TargetPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Holding a scale-down through a dip like those that came back: a table of load histories and what is kept. */
class ReturningDipsTest {
    /** Pod start-up of the policy below, in seconds. */
    private static final TargetPolicy POLICY = DeciderTest.policy(b -> b);

    private static double[] repeat(double value, int steps) {
        double[] v = new double[steps];
        Arrays.fill(v, value);
        return v;
    }

    private static double[] concat(double[]... parts) {
        return Arrays.stream(parts).flatMapToDouble(DoubleStream::of).toArray();
    }

    /** 1000 rps, a 60 s dip to 100 that came back to 1000, steady again for {@code afterSteps}, then 100 for {@code nowSteps}. */
    private static double[] cameBackThenDipsAgain(int afterSteps, int nowSteps) {
        return concat(repeat(1000, 12), repeat(100, 6), repeat(1000, afterSteps), repeat(100, nowSteps));
    }

    static Stream<Arguments> rows() {
        int startup = (int) POLICY.podStartup().toSeconds();
        // The hold after a 60 s dip came back: 3 x 60 + start-up seconds, in 10 s steps.
        int holdSteps = (3 * 60 + startup) / 10;
        return Stream.of(
                // name, loads, recommendation, current, learned rps per replica, kept
                Arguments.of("a new dip is held at what the load before it needs", cameBackThenDipsAgain(30, 3), 2, 20, 100.0, 10),
                Arguments.of("until 3x the longest returned dip plus a start-up", cameBackThenDipsAgain(30, holdSteps - 1), 2, 20, 100.0, 10),
                Arguments.of("after that the count comes down", cameBackThenDipsAgain(30, holdSteps + 1), 2, 20, 100.0, 2),
                Arguments.of("never above the current count", cameBackThenDipsAgain(30, 3), 2, 6, 100.0, 6),
                Arguments.of("never below what the rules want", cameBackThenDipsAgain(30, 3), 12, 20, 100.0, 12),
                Arguments.of("a scale-up is left alone", cameBackThenDipsAgain(30, 3), 25, 20, 100.0, 25),
                Arguments.of("no returned dip: nothing held", concat(repeat(1000, 40), repeat(100, 3)), 2, 20, 100.0, 2),
                Arguments.of("a step down that never came back: nothing held", concat(repeat(1000, 12), repeat(100, 40)), 2, 20, 100.0, 2),
                Arguments.of("nothing learned (no objective): nothing held", cameBackThenDipsAgain(30, 3), 2, 20, null, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void keeps(String name, double[] loads, int recommendation, int current, Double learned, int kept) {
        List<String> details = new ArrayList<>();
        assertEquals(kept, ReturningDips.apply(POLICY, LoadHistoryTest.of(loads), recommendation, current, learned, details), name);
        assertEquals(kept > recommendation, !details.isEmpty(), "said when it holds: " + details);
    }
}
