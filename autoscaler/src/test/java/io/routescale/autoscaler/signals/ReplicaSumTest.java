package io.routescale.autoscaler.signals;

import io.routescale.autoscaler.policy.SignalSelector;
import io.routescale.signals.Resolution;
import io.routescale.signals.SignalsView;
import io.routescale.signals.TargetSignals;
import io.routescale.signals.WindowSignals;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplicaSumTest {
    static final SignalSelector WEB = new SignalSelector(false, "shop", "web");

    static WindowSignals w(String window, Double rps, Double errors, Double p99, Double inflight) {
        return new WindowSignals(window, 1.0, rps, errors, null, null, p99, null, inflight, null, null);
    }

    static TargetSignals backend(String traefikName, String name, WindowSignals... windows) {
        return new TargetSignals(traefikName, null, "shop", name, Resolution.API, List.of(windows), null, null);
    }

    static SignalsView doc(TargetSignals... backends) {
        return new SignalsView(new SignalsView.TraefikView(true, false, 1.0, 1.0, null, null, "V3"), List.of(backends), List.of());
    }

    @Test
    void ratesAddUpAcrossReplicasAndPortsErrorsWeighP99IsTheWorst() {
        SignalsView a = doc(backend("shop-web-80@kubernetes", "web", w("60s", 100.0, 0.1, 0.2, 5.0)),
                backend("shop-web-443@kubernetes", "web", w("60s", 50.0, 0.0, 0.4, 1.0)));
        SignalsView b = doc(backend("shop-web-80@kubernetes", "web", w("60s", 50.0, 0.4, 0.3, 2.0)));
        SelectorValues v = ReplicaSum.combine(List.of(a, b), 0, Set.of(WEB)).get(WEB);
        WindowValues sum = v.byWindow().get("60s");
        assertEquals(200.0, sum.requestsPerSecond(), 1e-9);
        assertEquals((10.0 + 0 + 20.0) / 200.0, sum.errorRatio(), 1e-9);
        assertEquals(0.4, sum.latencyP99Seconds(), 1e-9);
        assertEquals(8.0, sum.inflightRequests(), 1e-9);
        assertTrue(v.complete());
    }

    @Test
    void aWindowAnyContributorCannotFillIsAbsentNotSmaller() {
        SignalsView a = doc(backend("w@k", "web", w("10s", 100.0, 0.0, 0.1, 1.0), w("60s", 100.0, 0.0, 0.1, 1.0)));
        SignalsView b = doc(backend("w@k", "web", w("10s", 40.0, 0.0, 0.1, 1.0), w("60s", null, null, null, null)));
        Map<String, WindowValues> windows = ReplicaSum.combine(List.of(a, b), 0, Set.of(WEB)).get(WEB).byWindow();
        assertEquals(140.0, windows.get("10s").requestsPerSecond(), 1e-9);
        assertNull(windows.get("60s").requestsPerSecond());
    }

    @Test
    void aMissingReplicaMakesTheResultALowerBound() {
        SelectorValues v = ReplicaSum.combine(List.of(doc(backend("w@k", "web", w("60s", 100.0, 0.0, 0.1, 1.0)))), 1, Set.of(WEB)).get(WEB);
        assertFalse(v.complete());
        assertEquals(100.0, v.byWindow().get("60s").requestsPerSecond());
    }

    @Test
    void noTrafficMeansNoErrorRatioAndNoLatency() {
        WindowValues sum = ReplicaSum.combine(List.of(doc(backend("w@k", "web", w("60s", 0.0, null, null, 0.0)))), 0, Set.of(WEB))
                .get(WEB).byWindow().get("60s");
        assertEquals(0.0, sum.requestsPerSecond());
        assertNull(sum.errorRatio());
        assertNull(sum.latencyP99Seconds());
    }

    @Test
    void selectorSeenNowhereIsAbsent() {
        assertTrue(ReplicaSum.combine(List.of(doc()), 0, Set.of(WEB)).isEmpty());
    }

    @Test
    void routesAreMatchedByRouteName() {
        SignalSelector route = new SignalSelector(true, "shop", "storefront");
        TargetSignals web = new TargetSignals("shop-storefront-x@kubernetes", "shop-web-80@kubernetes", "shop", "storefront",
                Resolution.API, List.of(w("60s", 7.0, 0.0, 0.1, 1.0)), null, null);
        TargetSignals secure = new TargetSignals("websecure-shop-storefront-x@kubernetes", "shop-web-80@kubernetes", "shop", "storefront",
                Resolution.API, List.of(w("60s", 3.0, 0.0, 0.1, 1.0)), null, null);
        SignalsView d = new SignalsView(new SignalsView.TraefikView(true, false, 1.0, 1.0, null, null, "V2"), List.of(), List.of(web, secure));
        assertEquals(10.0, ReplicaSum.combine(List.of(d), 0, Set.of(route)).get(route).byWindow().get("60s").requestsPerSecond(), 1e-9);
    }
}
