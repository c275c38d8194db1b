package io.routescale.autoscaler.replay;

import io.routescale.autoscaler.policy.SignalKind;

/** A scaling policy under simulation: asked every simulated second, it answers the replicas it wants. */
interface Scaler {
    String name();

    /**
     * @param t     the second
     * @param load  what it may see of the target's load
     * @param spec  replicas asked for so far
     * @param ready replicas serving now
     */
    int desired(int t, SignalsAt load, int spec, int ready);

    /**
     * @param unschedulable pods asked for that no node has room for yet (only under a {@link NodeLimit}); a
     *                      scaler that does not look (the HPA, the KPA: neither does upstream) decides as above
     */
    default int desired(int t, SignalsAt load, int spec, int ready, int unschedulable) {
        return desired(t, load, spec, ready);
    }

    /**
     * The observed series a scaler may read at a second, as window averages (see {@link LoadView}), one per
     * kind of signal: requests per second and in-flight requests summed over the target's pods, p99 latency,
     * error ratio.
     */
    interface SignalsAt {
        Double average(SignalKind kind, int t, int windowSeconds, int delaySeconds);
    }
}
