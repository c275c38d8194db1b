package io.routescale.autoscaler.signals;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The query texts; what they compute is tested against a real Prometheus in PrometheusSignalSourceTest. */
class SignalQueriesTest {
    @Test
    void windowLabelsAreMatchedLiterally() {
        assertEquals("1m30s", SignalQueries.literal("1m30s"));
        // RE2 needs \. and the PromQL string literal doubles the backslash.
        assertEquals("a\\\\.b\\\\+", SignalQueries.literal("a.b+"));
        assertThrows(IllegalArgumentException.class, () -> SignalQueries.literal("10s\""));
        assertThrows(IllegalArgumentException.class, () -> SignalQueries.literal("10s\\"));
    }

    @Test
    void onlyTheWantedKindsAreAskedFor() {
        SignalQueries backends = new SignalQueries(true, false, List.of("10s", "60s"));
        for (String query : backends.all()) {
            assertFalse(query.contains("routescale_route_"), query);
        }
        assertEquals("sum by (namespace, service, window) (routescale_backend_inflight_requests{window=~\"10s|60s\"})",
                backends.inflight());
        SignalQueries both = new SignalQueries(true, true, List.of("60s"));
        assertEquals("(max by (namespace, service, window) (routescale_backend_latency_seconds{quantile=\"0.99\",window=~\"60s\"}))"
                + " or (max by (namespace, route, window) (routescale_route_latency_seconds{quantile=\"0.99\",window=~\"60s\"}))",
                both.latencyP99());
        assertEquals(6, both.all().size());
        assertTrue(both.requestsPerSecond().contains(" unless on (namespace, route, window) (count by (namespace, route, window) "
                + "(routescale_route_window_coverage_ratio{window=~\"60s\"}) != count by"), both.requestsPerSecond());
        assertThrows(IllegalArgumentException.class, () -> new SignalQueries(true, true, List.of()));
    }
}
