package io.routescale.autoscaler.policy;

/** What a signal rule reads, and its name in the policy; what each does is its {@link SignalRule} type's to say. */
public enum SignalKind {
    RPS_PER_REPLICA("rpsPerReplica"),
    INFLIGHT_PER_REPLICA("inflightPerReplica"),
    P99_LATENCY("p99Latency"),
    ERROR_RATIO_GUARD("errorRatioGuard"),
    /** What an {@code objective:} expands to; not a {@code type:} of {@code signals:} (the user gives no target). */
    LEARNED_RPS_PER_REPLICA("objective");

    private final String yamlName;

    SignalKind(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
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
