package io.routescale.autoscaler.policy;

/**
 * One signal driving one target. Sealed: the decision handles every kind by type ({@code switch} over the
 * records), so a new kind does not compile until each place that must say what it does with it does.
 */
public sealed interface SignalRule {
    /** Which backend or route it is read from. */
    SignalSelector source();

    /** rps or in-flight per replica; p99 objective in seconds; maximum error ratio (0 to 1); learned: its start. */
    double target();

    /** What it reads, and its name in the policy. */
    SignalKind kind();

    /**
     * Measures queueing (p99 latency, in flight): not proportional to load near saturation, unbounded past it, and
     * still describing the capacity from before a scale-up until that scale-up settles.
     */
    default boolean queueDriven() {
        return false;
    }

    /** The rule a policy names by kind: how the parser makes one. */
    static SignalRule of(SignalKind kind, SignalSelector source, double target) {
        return switch (kind) {
            case RPS_PER_REPLICA -> new RpsPerReplica(source, target);
            case INFLIGHT_PER_REPLICA -> new InflightPerReplica(source, target);
            case P99_LATENCY -> new P99Latency(source, target);
            case ERROR_RATIO_GUARD -> new ErrorRatioGuard(source, target);
            case LEARNED_RPS_PER_REPLICA -> new LearnedRpsPerReplica(source, target);
        };
    }

    /** Rules whose replicas are a total divided by a per-replica target (the HPA's {@code AverageValue}). */
    sealed interface PerReplica extends SignalRule {
    }

    /** Requests per second per replica: replicas = ceil(total rps / target). */
    record RpsPerReplica(SignalSelector source, double target) implements PerReplica {
        @Override
        public SignalKind kind() {
            return SignalKind.RPS_PER_REPLICA;
        }

        @Override
        public String toString() {
            return SignalRule.describe(this);
        }
    }

    /** Requests in flight per replica: the same arithmetic, but queue-driven (it grows with a backlog). */
    record InflightPerReplica(SignalSelector source, double target) implements PerReplica {
        @Override
        public SignalKind kind() {
            return SignalKind.INFLIGHT_PER_REPLICA;
        }

        @Override
        public boolean queueDriven() {
            return true;
        }

        @Override
        public String toString() {
            return SignalRule.describe(this);
        }
    }

    /**
     * Requests per second per replica against a learned target: what an {@code objective:} expands to.
     *
     * @param target the configured starting value ({@code initialRpsPerReplica}), NaN when none is given
     */
    record LearnedRpsPerReplica(SignalSelector source, double target) implements PerReplica {
        @Override
        public SignalKind kind() {
            return SignalKind.LEARNED_RPS_PER_REPLICA;
        }

        @Override
        public String toString() {
            return SignalRule.describe(this);
        }
    }

    /**
     * p99 latency objective (seconds): above it, replicas = ceil(current x min(p99 / objective, 2)); up-only, since
     * low latency says nothing about how few replicas would keep it low.
     */
    record P99Latency(SignalSelector source, double target) implements SignalRule {
        @Override
        public SignalKind kind() {
            return SignalKind.P99_LATENCY;
        }

        @Override
        public boolean queueDriven() {
            return true;
        }

        @Override
        public String toString() {
            return SignalRule.describe(this);
        }
    }

    /** Error-ratio guard: above its maximum no scale-down happens (errors may not be a capacity problem). */
    record ErrorRatioGuard(SignalSelector source, double target) implements SignalRule {
        @Override
        public SignalKind kind() {
            return SignalKind.ERROR_RATIO_GUARD;
        }

        @Override
        public String toString() {
            return SignalRule.describe(this);
        }
    }

    /** {@code rpsPerReplica(backend shop/web)}: how reasons and logs name a rule. */
    private static String describe(SignalRule r) {
        return r.kind().yamlName() + "(" + r.source() + ")";
    }
}
