package io.routescale.autoscaler.replay.baseline;

/**
 * The HPA's arithmetic for an External metric with an {@code AverageValue} target, ported from
 * {@code pkg/controller/podautoscaler/replica_calculator.go} ({@code GetExternalPerPodMetricReplicas}, Kubernetes
 * 1.33+, with configurable tolerances): the metric's values are summed (milli-units, saturating at
 * {@code MaxInt64}), the ratio to {@code target x status replicas} is compared with the tolerance band, and
 * outside it the proposal is {@code ceil(usage / target)}. Readiness plays no part for External metrics.
 */
public final class HpaReplicaCalculator {
    private HpaReplicaCalculator() {
    }

    /** {@code Tolerances}: the band {@code [1 - scaleDown, 1 + scaleUp]} within which nothing changes. */
    public record Tolerances(double scaleDown, double scaleUp) {
        /** {@code --horizontal-pod-autoscaler-tolerance} default. */
        public static final Tolerances DEFAULT = new Tolerances(0.1, 0.1);

        boolean isWithin(double ratio) {
            return 1.0 - scaleDown <= ratio && ratio <= 1.0 + scaleUp;
        }
    }

    /**
     * @param replicas  the proposal
     * @param usage     usage per pod, {@code ceil(usage / statusReplicas)} (what the HPA's status shows)
     */
    public record Proposal(int replicas, long usage) {
    }

    /**
     * @param statusReplicas    {@code /scale} {@code status.replicas}
     * @param targetPerPodMilli the target average value, milli-units
     * @param valuesMilli       the External metric's values (one per matching series), milli-units
     */
    public static Proposal externalPerPod(int statusReplicas, long targetPerPodMilli, Tolerances tolerances,
                                          long... valuesMilli) {
        long usage = 0;
        for (long v : valuesMilli) {
            usage += v;
            if (usage < 0) {
                // Only an int64 overflow gets here (upstream caps it the same way).
                usage = Long.MAX_VALUE;
                break;
            }
        }
        int replicas = statusReplicas;
        double ratio = (double) usage / ((double) targetPerPodMilli * replicas);
        if (!tolerances.isWithin(ratio)) {
            replicas = saturatingInt(Math.ceil((double) usage / (double) targetPerPodMilli));
        }
        // Java's (long) cast of a double saturates at Long.MAX_VALUE, as Go's conversion does on amd64 for this case.
        long perPod = (long) Math.ceil((double) usage / (double) statusReplicas);
        return new Proposal(replicas, perPod);
    }

    /** A float replica count as int32, saturating (upstream's "replica count overflow saturates to MaxInt32"). */
    static int saturatingInt(double v) {
        if (v >= Integer.MAX_VALUE) {
            return Integer.MAX_VALUE;
        }
        if (v <= Integer.MIN_VALUE) {
            return Integer.MIN_VALUE;
        }
        return (int) v;
    }
}
