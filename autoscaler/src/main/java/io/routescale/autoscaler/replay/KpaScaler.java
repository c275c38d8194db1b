package io.routescale.autoscaler.replay;

import io.routescale.autoscaler.policy.SignalKind;
import io.routescale.autoscaler.replay.baseline.KpaAutoscaler;

import java.time.Instant;
import java.util.OptionalInt;

/**
 * Knative's KPA with its defaults on the rps metric: every 2 s (tick-interval) {@link KpaAutoscaler} decides on a
 * 60 s stable and a 6 s panic window (panic-window-percentage 10) of the total rate, scraped from the pods every
 * second (1 s late); the PodAutoscaler's min and max scale bound the result; scale-to-zero is off (min replicas).
 */
final class KpaScaler implements Scaler {
    static final int TICK = 2;
    static final int STABLE = 60;
    static final int PANIC = 6;
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private final KpaAutoscaler.DeciderSpec spec;
    private final int min;
    private final int max;
    private KpaAutoscaler autoscaler;
    private int last = -1;

    KpaScaler(double targetRpsPerReplica, int min, int max) {
        this.spec = KpaAutoscaler.DeciderSpec.defaultsForRps(targetRpsPerReplica);
        this.min = min;
        this.max = max;
    }

    @Override
    public String name() {
        return "kpa";
    }

    @Override
    public int desired(int t, SignalsAt load, int specReplicas, int ready) {
        Instant now = EPOCH.plusSeconds(t);
        if (autoscaler == null) {
            autoscaler = new KpaAutoscaler(spec, ready, now);
        }
        if (last >= 0 && t % TICK != 0) {
            return last;
        }
        OptionalInt desired = autoscaler.scale(now, load.average(SignalKind.RPS_PER_REPLICA, t, STABLE, 1),
                load.average(SignalKind.RPS_PER_REPLICA, t, PANIC, 1), ready);
        // An invalid result (no data) leaves the scale where it is.
        last = desired.isPresent() ? Math.max(min, Math.min(max, desired.getAsInt())) : specReplicas;
        return last;
    }
}
