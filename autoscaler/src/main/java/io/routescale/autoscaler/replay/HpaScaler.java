package io.routescale.autoscaler.replay;

import io.routescale.autoscaler.policy.SignalKind;
import io.routescale.autoscaler.replay.baseline.HpaController;

import java.time.Instant;

/**
 * The Kubernetes HPA with default behaviour on a requests-per-second External metric with an AverageValue
 * target, as teams run it through Prometheus and an adapter: the controller syncs every 15 s
 * (--horizontal-pod-autoscaler-sync-period) and reads a 60 s rate that is 15 s old (the scrape interval). The
 * decision is {@link HpaController}, a port of upstream's controller that shares no code with routescale's.
 */
final class HpaScaler implements Scaler {
    static final int SYNC_SECONDS = 15;
    static final int METRIC_WINDOW = 60;
    static final int METRIC_DELAY = 15;
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private final HpaController controller;
    private int last = -1;

    HpaScaler(double targetRpsPerReplica, int min, int max) {
        controller = HpaController.withDefaults(min, max, targetRpsPerReplica);
    }

    @Override
    public String name() {
        return "hpa";
    }

    @Override
    public int desired(int t, SignalsAt load, int spec, int ready) {
        if (last >= 0 && t % SYNC_SECONDS != 0) {
            return last;
        }
        Double value = load.average(SignalKind.RPS_PER_REPLICA, t, METRIC_WINDOW, METRIC_DELAY);
        // status.replicas counts every pod the ReplicaSet made, starting ones too: the pods asked for.
        last = controller.reconcile(EPOCH.plusSeconds(t), spec, spec, value);
        return last;
    }
}
