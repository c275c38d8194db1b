package io.routescale.autoscaler.policy;

/**
 * One signal driving one target.
 *
 * @param kind   what is measured
 * @param source which backend or route it is read from
 * @param target rps or in-flight per replica; p99 objective in seconds; maximum error ratio (0 to 1)
 */
public record SignalRule(SignalKind kind, SignalSelector source, double target) {
    @Override
    public String toString() {
        return kind.yamlName() + "(" + source + ")";
    }
}
