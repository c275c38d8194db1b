package io.routescale.autoscaler.replay;

import io.routescale.autoscaler.policy.SignalKind;

/**
 * Knative's KPA with its defaults (knative.dev/docs/serving/autoscaling, config-autoscaler; serving
 * pkg/autoscaler/scaling/autoscaler.go): every 2 s (tick-interval), desired = ceil(average / target) over a
 * 60 s stable window and a 6 s panic window (10% of it); panic starts when the panic desired reaches 200% of
 * the ready pods and lasts a stable window after the last trigger, during which the count never falls; the
 * rate limits are max-scale-up-rate 1000 and max-scale-down-rate 2; scale-to-zero is off here (min replicas).
 * Metrics are scraped from the pods every second (1 s late). Here the metric is requests per second per
 * replica with the same target as the other policies.
 */
final class KpaScaler implements Scaler {
    static final int TICK = 2;
    static final int STABLE = 60;
    static final int PANIC = 6;
    static final double PANIC_THRESHOLD = 2.0;
    static final double MAX_UP = 1000;
    static final double MAX_DOWN = 2;

    private final double target;
    private final int min;
    private final int max;
    private int panicUntil = -1;
    private int last = -1;

    KpaScaler(double targetRpsPerReplica, int min, int max) {
        this.target = targetRpsPerReplica;
        this.min = min;
        this.max = max;
    }

    @Override
    public String name() {
        return "kpa";
    }

    @Override
    public int desired(int t, SignalsAt load, int spec, int ready) {
        if (last >= 0 && t % TICK != 0) {
            return last;
        }
        Double stable = load.average(SignalKind.RPS_PER_REPLICA, t, STABLE, 1);
        Double panic = load.average(SignalKind.RPS_PER_REPLICA, t, PANIC, 1);
        if (stable == null || panic == null) {
            last = spec;   // Knative's autoscaler skips the tick without data
            return last;
        }
        int readyPods = Math.max(1, ready);
        int desiredStable = (int) Math.ceil(stable / target - 1e-9);
        int desiredPanic = (int) Math.ceil(panic / target - 1e-9);
        if (desiredPanic / (double) readyPods >= PANIC_THRESHOLD) {
            panicUntil = t + STABLE;
        }
        int desired;
        if (t < panicUntil) {
            desired = Math.max(desiredPanic, Math.max(spec, last));
        } else {
            panicUntil = -1;
            desired = desiredStable;
        }
        desired = (int) Math.min(desired, Math.ceil(readyPods * MAX_UP));
        desired = (int) Math.max(desired, Math.floor(readyPods / MAX_DOWN));
        last = Math.max(min, Math.min(max, desired));
        return last;
    }
}
