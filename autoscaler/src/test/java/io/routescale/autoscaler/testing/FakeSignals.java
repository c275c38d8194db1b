package io.routescale.autoscaler.testing;

import io.routescale.autoscaler.policy.SignalSelector;
import io.routescale.autoscaler.signals.SelectorValues;
import io.routescale.autoscaler.signals.SignalSource;
import io.routescale.autoscaler.signals.WindowValues;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** A signal source the test sets by hand: rps per selector in both windows. */
public final class FakeSignals implements SignalSource {
    private final Map<SignalSelector, SelectorValues> values = new HashMap<>();

    public void rps(SignalSelector s, double stable, double fast) {
        values.put(s, new SelectorValues(Map.of("60s", new WindowValues(stable, 0.0, 0.1, stable * 0.1),
                "10s", new WindowValues(fast, 0.0, 0.1, fast * 0.1)), true));
    }

    public void clear() {
        values.clear();
    }

    @Override
    public Map<SignalSelector, SelectorValues> read(Set<SignalSelector> wanted) {
        Map<SignalSelector, SelectorValues> out = new HashMap<>(values);
        out.keySet().retainAll(wanted);
        return out;
    }

    @Override
    public java.util.OptionalDouble lastAgeSeconds() {
        return values.isEmpty() ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(0.5);
    }

    @Override
    public String name() {
        return "fake";
    }
}
