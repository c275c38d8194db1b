package io.routescale.autoscaler.replay;

/**
 * The simulated cluster that closes the loop. Load spreads evenly over ready replicas (a Kubernetes Service);
 * each replica is an M/M/1 queue with service rate {@code capacityRps} — one queue per pod, because nothing
 * shares a queue across pods behind a Service, which is what M/M/c would assume. Its sojourn time is
 * exponential with rate μ − λ, so p99 = ln(100) / (μ − λ). A second violates the SLO when p99 exceeds
 * {@code sloSeconds} or the load exceeds capacity (ρ ≥ 1, queues grow without bound); requests beyond
 * ready × μ are counted as over capacity, and are the errors an error-ratio rule sees. In-flight requests follow
 * from the latency by Little's law. New pods serve {@code startupSeconds} after they are asked for.
 *
 * @param capacityRps    requests per second one replica serves at 100% utilisation (μ)
 * @param sloSeconds     p99 latency objective
 * @param startupSeconds pod start-up delay
 */
@io.micronaut.serde.annotation.Serdeable
public record ClusterModel(double capacityRps, double sloSeconds, int startupSeconds) {
    public static final ClusterModel DEFAULT = new ClusterModel(100, 0.25, 20);

    public ClusterModel {
        if (!(capacityRps > 0) || !(sloSeconds > 0) || startupSeconds < 0) {
            throw new IllegalArgumentException("model parameters must be positive: capacity " + capacityRps
                    + ", slo " + sloSeconds + ", startup " + startupSeconds);
        }
    }

    /** Modelled p99 latency (seconds) with {@code rps} spread over {@code ready} replicas; infinite when overloaded. */
    public double p99(double rps, int ready) {
        if (rps <= 0) {
            return 0;
        }
        if (ready <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        double headroom = capacityRps - rps / ready;
        return headroom <= 0 ? Double.POSITIVE_INFINITY : Math.log(100) / headroom;
    }

    /**
     * Mean requests in flight over the ready replicas, by Little's law: L = λW, with the M/M/1 mean sojourn
     * W = p99 / ln(100). An overload (infinite latency) is read with latency {@code latencyCapSeconds}.
     */
    public double inFlight(double rps, int ready, double latencyCapSeconds) {
        return rps * Math.min(latencyCapSeconds, p99(rps, ready)) / Math.log(100);
    }

    /** The share of requests beyond what the ready replicas serve: a real service answers those with 503s or timeouts. */
    public double errorRatio(double rps, int ready) {
        return rps <= 0 ? 0 : overCapacity(rps, ready) / rps;
    }

    public boolean violates(double rps, int ready) {
        return p99(rps, ready) > sloSeconds;
    }

    public double overCapacity(double rps, int ready) {
        return Math.max(0, rps - ready * capacityRps);
    }

    /**
     * The most requests per second one ready replica serves within the SLO: p99 <= slo  <=>  λ <= μ − ln(100)/slo.
     * The baselines' target sweep is expressed as fractions of it.
     */
    public double sloRatePerReplica() {
        double perReplica = capacityRps - Math.log(100) / sloSeconds;
        if (perReplica <= 0) {
            throw new IllegalArgumentException("an SLO of " + sloSeconds + " s cannot be met at capacity " + capacityRps + " rps");
        }
        return perReplica;
    }

    /** The fewest ready replicas that meet the SLO at {@code rps}. */
    public int needed(double rps) {
        if (rps <= 0) {
            return 1;
        }
        return Math.max(1, (int) Math.ceil(rps / sloRatePerReplica() - 1e-9));
    }
}
