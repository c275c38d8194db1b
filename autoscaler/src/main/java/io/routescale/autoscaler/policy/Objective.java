package io.routescale.autoscaler.policy;

/**
 * A target declared by what its users should get instead of by a per-replica number: routescale learns the
 * per-replica rate at which the objective holds and scales on requests per second against it.
 *
 * @param p99Seconds          the p99 latency objective
 * @param errorRatio          the most errors (0 to 1) a window may have and still count as meeting it
 * @param utilization         the most of the learned capacity each replica is given (default 0.95); less when the
 *                            load's own re-rises ask for more room
 * @param initialRpsPerReplica a first estimate of the capacity, used until the first clean window; null: the
 *                            first clean window's own per-replica rate (the load the current count serves)
 */
public record Objective(double p99Seconds, double errorRatio, double utilization, Double initialRpsPerReplica) {
    public static final double DEFAULT_UTILIZATION = 0.95;
    public static final double DEFAULT_ERROR_RATIO = 0.01;
}
