package io.routescale.autoscaler.signals;

import io.routescale.autoscaler.policy.SignalSelector;
import io.routescale.signals.SignalsView;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static io.routescale.autoscaler.signals.ReplicaSumTest.backend;
import static io.routescale.autoscaler.signals.ReplicaSumTest.doc;
import static io.routescale.autoscaler.signals.ReplicaSumTest.w;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Summing across Traefik replicas does not depend on which replica answered first. */
class ReplicaSumProperties {

    @Property(tries = 200)
    void sumsAreCommutative(@ForAll @Size(min = 1, max = 6) List<@DoubleRange(min = 0, max = 5000) Double> rates,
                            @ForAll @Size(min = 6, max = 6) List<@DoubleRange(min = 0, max = 1) Double> errors) {
        List<SignalsView> docs = new ArrayList<>();
        for (int i = 0; i < rates.size(); i++) {
            docs.add(doc(backend("w@k", "web", w("60s", rates.get(i), errors.get(i), 0.1 * (i + 1), rates.get(i) / 10))));
        }
        Set<SignalSelector> wanted = Set.of(ReplicaSumTest.WEB);
        WindowValues forward = ReplicaSum.combine(docs, 0, wanted).get(ReplicaSumTest.WEB).byWindow().get("60s");
        List<SignalsView> reversed = new ArrayList<>(docs);
        Collections.reverse(reversed);
        WindowValues backward = ReplicaSum.combine(reversed, 0, wanted).get(ReplicaSumTest.WEB).byWindow().get("60s");
        assertEquals(forward.requestsPerSecond(), backward.requestsPerSecond(), 1e-6);
        assertEquals(forward.inflightRequests(), backward.inflightRequests(), 1e-6);
        assertEquals(forward.latencyP99Seconds(), backward.latencyP99Seconds());
        if (forward.errorRatio() == null) {
            assertEquals(null, backward.errorRatio());
        } else {
            assertEquals(forward.errorRatio(), backward.errorRatio(), 1e-9);
        }
    }
}
