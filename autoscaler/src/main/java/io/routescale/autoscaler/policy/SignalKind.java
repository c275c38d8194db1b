package io.routescale.autoscaler.policy;

/** What a signal rule measures, and how it turns into a replica count. */
public enum SignalKind {
    /** Requests per second per replica: replicas = ceil(total rps / target), HPA {@code AverageValue} style. */
    RPS_PER_REPLICA("rpsPerReplica"),
    /** Requests in flight per replica, same arithmetic as rps. */
    INFLIGHT_PER_REPLICA("inflightPerReplica"),
    /**
     * p99 latency objective: above it, replicas = ceil(current x min(p99 / objective, 2)) (HPA {@code Value}
     * style, capped: latency is unbounded past saturation). Up-only: within its objective it abstains, since
     * low latency says nothing about how few replicas would keep it low.
     */
    P99_LATENCY("p99Latency"),
    /** Error-ratio guard: above {@code maxRatio} no scale-down happens (errors may not be a capacity problem). */
    ERROR_RATIO_GUARD("errorRatioGuard"),
    /**
     * Requests per second per replica against a learned target: what an {@code objective:} expands to. Not a
     * {@code type:} of {@code signals:} (its target is not a number the user gives).
     */
    LEARNED_RPS_PER_REPLICA("objective");

    private final String yamlName;

    SignalKind(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    /** Per-replica kinds divide a total by a target per replica. */
    public boolean perReplica() {
        return this == RPS_PER_REPLICA || this == INFLIGHT_PER_REPLICA || this == LEARNED_RPS_PER_REPLICA;
    }

    public static SignalKind fromYaml(String name) {
        for (SignalKind k : values()) {
            if (k != LEARNED_RPS_PER_REPLICA && k.yamlName.equals(name)) {
                return k;
            }
        }
        return null;
    }
}
