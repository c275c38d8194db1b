package io.routescale.autoscaler.policy;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Each kind a policy can name is its own rule type, which says what it is and how it behaves. */
class SignalRuleTest {
    private static final SignalSelector WEB = new SignalSelector(false, "shop", "web");

    @Test
    void everyKindMakesItsOwnTypeThatReadsThatKind() {
        for (SignalKind kind : SignalKind.values()) {
            SignalRule rule = SignalRule.of(kind, WEB, 50);
            assertEquals(kind, rule.kind());
            assertEquals(50, rule.target());
            assertEquals(kind.yamlName() + "(backend shop/web)", rule.toString());
        }
        assertEquals(List.of(SignalRule.RpsPerReplica.class, SignalRule.InflightPerReplica.class, SignalRule.P99Latency.class,
                        SignalRule.ErrorRatioGuard.class, SignalRule.LearnedRpsPerReplica.class),
                Arrays.stream(SignalKind.values()).map(k -> SignalRule.of(k, WEB, 1).getClass()).toList());
    }

    @Test
    void onlyLatencyAndInFlightAreQueueDrivenAndOnlyRatesAndInFlightArePerReplica() {
        List<String> queueDriven = Arrays.stream(SignalKind.values()).filter(k -> SignalRule.of(k, WEB, 1).queueDriven())
                .map(SignalKind::yamlName).toList();
        assertEquals(List.of("inflightPerReplica", "p99Latency"), queueDriven);
        List<String> perReplica = Arrays.stream(SignalKind.values()).filter(k -> SignalRule.of(k, WEB, 1) instanceof SignalRule.PerReplica)
                .map(SignalKind::yamlName).toList();
        assertEquals(List.of("rpsPerReplica", "inflightPerReplica", "objective"), perReplica);
    }

    @Test
    void rulesOfDifferentKindsOnTheSameNumbersAreDifferentKeys() {
        assertNotEquals(SignalRule.of(SignalKind.RPS_PER_REPLICA, WEB, 50), SignalRule.of(SignalKind.INFLIGHT_PER_REPLICA, WEB, 50));
        assertEquals(SignalRule.of(SignalKind.RPS_PER_REPLICA, WEB, 50), new SignalRule.RpsPerReplica(WEB, 50));
    }
}
