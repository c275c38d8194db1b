package io.routescale.autoscaler.replay;

/**
 * The simulated cluster that closes the loop. Load spreads evenly over ready replicas (a Service). Each replica is
 * an M/M/c queue: {@code workers} servers of rate {@code capacityRps / workers} sharing one queue (c = 1 is an
 * M/M/1 queue, whose sojourn time is exponential with rate μ − λ, so p99 = ln(100) / (μ − λ)); a request also
 * spends {@code baseLatencySeconds} that no load changes (network, a database). A second violates the SLO when
 * the p99 of all its requests exceeds {@code sloSeconds}, or the load exceeds capacity (queues grow without bound);
 * requests beyond capacity are counted as over capacity, and are the errors an error-ratio rule sees. In-flight
 * requests follow from the mean latency by Little's law. New pods serve {@code startupSeconds} after they are
 * asked for, and for their first {@code warmupSeconds} serve at {@code warmupCapacity} of their capacity (a JVM
 * warming up). From second {@code capacityChangeAt} on every pod serves {@code capacityChangeFactor} times as
 * fast (a slower or faster release).
 *
 * @param capacityRps          requests per second one warm replica serves at 100% utilisation (μ)
 * @param sloSeconds           p99 latency objective
 * @param startupSeconds       pod start-up delay
 * @param workers              servers per pod sharing its queue (c)
 * @param baseLatencySeconds   latency every request has whatever the load
 * @param warmupSeconds        how long a new pod serves at reduced capacity; 0: none
 * @param warmupCapacity       the share of its capacity a warming pod serves, (0, 1]
 * @param capacityChangeAt     the second from which capacity changes; negative: never
 * @param capacityChangeFactor capacity from then on, as a multiple of {@code capacityRps}
 * @param nodes                the nodes under the pods; null: room for every pod asked for
 */
@io.micronaut.serde.annotation.Serdeable
public record ClusterModel(double capacityRps, double sloSeconds, int startupSeconds, int workers, double baseLatencySeconds,
                           int warmupSeconds, double warmupCapacity, int capacityChangeAt, double capacityChangeFactor,
                           @io.micronaut.core.annotation.Nullable NodeLimit nodes) {
    public static final ClusterModel DEFAULT = new ClusterModel(100, 0.25, 20);
    private static final double LN100 = Math.log(100);
    /** The SLO rate by pod capacity, per model: a bisection over a bisection, asked every simulated second. */
    private static final java.util.Map<Object, Double> SLO_RATES = new java.util.concurrent.ConcurrentHashMap<>();

    public ClusterModel {
        if (!(capacityRps > 0) || !(sloSeconds > 0) || startupSeconds < 0) {
            throw new IllegalArgumentException("model parameters must be positive: capacity " + capacityRps
                    + ", slo " + sloSeconds + ", startup " + startupSeconds);
        }
        if (workers < 1 || workers > 1000) {
            throw new IllegalArgumentException("workers per pod must be from 1 to 1000, got " + workers);
        }
        if (!(baseLatencySeconds >= 0) || !(baseLatencySeconds < sloSeconds)) {
            throw new IllegalArgumentException("base latency must be at least 0 and below the SLO (" + sloSeconds + " s), got " + baseLatencySeconds);
        }
        if (warmupSeconds < 0 || !(warmupCapacity > 0) || !(warmupCapacity <= 1)) {
            throw new IllegalArgumentException("warm-up must be at least 0 s with a capacity share in (0, 1], got "
                    + warmupSeconds + " s at " + warmupCapacity);
        }
        if (!(capacityChangeFactor > 0) || !(capacityChangeFactor <= 100)) {
            throw new IllegalArgumentException("capacity change factor must be in (0, 100], got " + capacityChangeFactor);
        }
    }

    /** With room for every pod asked for. */
    public ClusterModel(double capacityRps, double sloSeconds, int startupSeconds, int workers, double baseLatencySeconds,
                        int warmupSeconds, double warmupCapacity, int capacityChangeAt, double capacityChangeFactor) {
        this(capacityRps, sloSeconds, startupSeconds, workers, baseLatencySeconds, warmupSeconds, warmupCapacity,
                capacityChangeAt, capacityChangeFactor, null);
    }

    /** This model on these nodes. */
    public ClusterModel withNodes(NodeLimit limit) {
        return new ClusterModel(capacityRps, sloSeconds, startupSeconds, workers, baseLatencySeconds, warmupSeconds,
                warmupCapacity, capacityChangeAt, capacityChangeFactor, limit);
    }

    /** The M/M/1 model: one worker per pod, no base latency, no warm-up, no capacity change. */
    public ClusterModel(double capacityRps, double sloSeconds, int startupSeconds) {
        this(capacityRps, sloSeconds, startupSeconds, 1, 0, 0, 1, -1, 1);
    }

    /** μ at second {@code t}, for a warm pod. */
    public double capacityAt(int t) {
        return capacityChangeAt >= 0 && t >= capacityChangeAt ? capacityRps * capacityChangeFactor : capacityRps;
    }

    /** Modelled p99 latency (seconds) with {@code rps} spread over {@code ready} warm replicas, at capacity's start. */
    public double p99(double rps, int ready) {
        return p99(rps, ready, 0, 0);
    }

    /**
     * Modelled p99 latency of all requests in a second: {@code rps} spread evenly over {@code ready} replicas, of
     * which {@code warming} are within their warm-up; infinite when overloaded.
     */
    public double p99(double rps, int ready, int warming, int t) {
        if (rps <= 0) {
            return 0;
        }
        if (ready <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        double perPod = rps / ready;
        double mu = capacityAt(t);
        if (warming == 0 || warmupSeconds == 0) {
            return podP99(perPod, mu);
        }
        double warmShare = (double) (ready - warming) / ready;
        double warmingMu = mu * warmupCapacity;
        return quantile(x -> warmShare * podTail(perPod, mu, x) + (1 - warmShare) * podTail(perPod, warmingMu, x));
    }

    /** p99 of one pod's requests at {@code lambda} per second on capacity {@code mu}. */
    private double podP99(double lambda, double mu) {
        if (lambda >= mu) {
            return Double.POSITIVE_INFINITY;
        }
        if (workers == 1) {
            return baseLatencySeconds + LN100 / (mu - lambda);
        }
        return quantile(x -> podTail(lambda, mu, x));
    }

    /**
     * P(latency > x) of one pod's requests (M/M/c, FCFS): the wait is 0 with probability 1 − C (Erlang C), else
     * exponential with rate cm − λ; service is exponential with rate m = μ/c; the base latency comes on top.
     */
    private double podTail(double lambda, double mu, double x) {
        double t = x - baseLatencySeconds;
        if (t <= 0) {
            return 1;
        }
        if (lambda >= mu) {
            return 1;
        }
        double m = mu / workers;
        double theta = mu - lambda;
        double c = erlangC(workers, lambda / m);
        double service = Math.exp(-m * t);
        double sum = Math.abs(m - theta) < 1e-12 ? (1 + m * t) * Math.exp(-m * t)
                : (m * Math.exp(-theta * t) - theta * Math.exp(-m * t)) / (m - theta);
        return (1 - c) * service + c * sum;
    }

    /** Erlang's C formula: the probability an arrival waits, {@code c} servers, offered load {@code a} erlangs. */
    static double erlangC(int c, double a) {
        double rho = a / c;
        if (rho >= 1) {
            return 1;
        }
        // Erlang B by its stable recurrence, then C from B.
        double b = 1;
        for (int k = 1; k <= c; k++) {
            b = a * b / (k + a * b);
        }
        return b / (1 - rho * (1 - b));
    }

    /** The x at which a decreasing tail falls to 1%, by bisection (1 µs resolution or better). */
    private static double quantile(java.util.function.DoubleUnaryOperator tail) {
        double lo = 0;
        double hi = 1;
        while (tail.applyAsDouble(hi) > 0.01) {
            hi *= 2;
            if (hi > 1e6) {
                return Double.POSITIVE_INFINITY;
            }
        }
        for (int i = 0; i < 60 && hi - lo > 1e-7; i++) {
            double mid = (lo + hi) / 2;
            if (tail.applyAsDouble(mid) > 0.01) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /**
     * Mean requests in flight over the ready replicas, by Little's law: L = λW, with the mean latency W (capped at
     * {@code latencyCapSeconds} in an overload).
     */
    public double inFlight(double rps, int ready, double latencyCapSeconds) {
        return inFlight(rps, ready, 0, 0, latencyCapSeconds);
    }

    public double inFlight(double rps, int ready, int warming, int t, double latencyCapSeconds) {
        if (rps <= 0) {
            return 0;
        }
        if (ready <= 0) {
            return rps * latencyCapSeconds;
        }
        double perPod = rps / ready;
        double mu = capacityAt(t);
        double mean = podMean(perPod, mu);
        if (warming > 0 && warmupSeconds > 0) {
            double warmShare = (double) (ready - warming) / ready;
            mean = warmShare * mean + (1 - warmShare) * podMean(perPod, mu * warmupCapacity);
        }
        // The latency cap stands for a p99; its mean under M/M/1 is that over ln(100), as before M/M/c existed.
        return rps * Math.min(latencyCapSeconds / LN100, mean);
    }

    private double podMean(double lambda, double mu) {
        if (lambda >= mu) {
            return Double.POSITIVE_INFINITY;
        }
        double m = mu / workers;
        return baseLatencySeconds + erlangC(workers, lambda / m) / (mu - lambda) + 1 / m;
    }

    /** The share of requests beyond what the ready replicas serve: a real service answers those with 503s or timeouts. */
    public double errorRatio(double rps, int ready) {
        return errorRatio(rps, ready, 0, 0);
    }

    public double errorRatio(double rps, int ready, int warming, int t) {
        return rps <= 0 ? 0 : overCapacity(rps, ready, warming, t) / rps;
    }

    public boolean violates(double rps, int ready) {
        return p99(rps, ready) > sloSeconds;
    }

    public double overCapacity(double rps, int ready) {
        return overCapacity(rps, ready, 0, 0);
    }

    /** Requests per second beyond what each pod serves, the load split evenly. */
    public double overCapacity(double rps, int ready, int warming, int t) {
        if (ready <= 0) {
            return Math.max(0, rps);
        }
        double perPod = rps / ready;
        double mu = capacityAt(t);
        int w = warmupSeconds == 0 ? 0 : warming;
        return (ready - w) * Math.max(0, perPod - mu) + w * Math.max(0, perPod - mu * warmupCapacity);
    }

    /**
     * The most requests per second one warm replica serves within the SLO at the start of the trace; the
     * baselines' target sweep is expressed as fractions of it.
     */
    public double sloRatePerReplica() {
        return sloRatePerReplica(capacityRps);
    }

    /** The same for a pod of capacity {@code mu}: the load at which p99 reaches the SLO, by bisection. */
    double sloRatePerReplica(double mu) {
        if (workers == 1) {
            return bisectedOrClosed(mu);
        }
        Double cached = SLO_RATES.get(java.util.List.of(this, mu));
        if (cached != null) {
            return cached;
        }
        double rate = bisectedOrClosed(mu);
        if (SLO_RATES.size() < 10_000) {
            SLO_RATES.put(java.util.List.of(this, mu), rate);
        }
        return rate;
    }

    private double bisectedOrClosed(double mu) {
        if (workers == 1) {
            double perReplica = mu - LN100 / (sloSeconds - baseLatencySeconds);
            if (perReplica <= 0) {
                throw new IllegalArgumentException("an SLO of " + sloSeconds + " s cannot be met at capacity " + mu + " rps");
            }
            return perReplica;
        }
        if (podP99(0, mu) > sloSeconds) {
            throw new IllegalArgumentException("an SLO of " + sloSeconds + " s cannot be met at capacity " + mu
                    + " rps with " + workers + " workers: the service time alone exceeds it");
        }
        double lo = 0;
        double hi = mu;
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            if (podP99(mid, mu) <= sloSeconds) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The most replicas one target may need in a replay: counts stay far inside an int when summed over targets. */
    public static final int MAX_REPLICAS = 100_000;

    /** The most rps one target may offer: {@link #MAX_REPLICAS} replicas at the slowest capacity of the trace. */
    public double maxRpsWithinReplicaBound() {
        double slowest = capacityChangeAt >= 0 ? Math.min(sloRatePerReplica(), changedRate()) : sloRatePerReplica();
        return MAX_REPLICAS * slowest;
    }

    /** The fewest warm ready replicas that meet the SLO at {@code rps}, at capacity's start. */
    public int needed(double rps) {
        return needed(rps, 0);
    }

    /** The fewest warm ready replicas that meet the SLO at {@code rps} at second {@code t}. */
    public int needed(double rps, int t) {
        if (rps <= 0) {
            return 1;
        }
        double rate = capacityChangeAt >= 0 && t >= capacityChangeAt ? changedRate() : sloRatePerReplica();
        int n = Math.max(1, (int) Math.ceil(rps / rate - 1e-9));
        // The bisection's last digit must not make the count one short.
        while (p99(rps, n, 0, t) > sloSeconds) {
            n++;
        }
        return n;
    }

    private double changedRate() {
        return sloRatePerReplica(capacityRps * capacityChangeFactor);
    }
}
