package io.routescale.autoscaler.policy;

/**
 * What to do when no signal of a target can be read (exporters gone, Prometheus empty, data stale).
 * Neither choice ever scales down: missing data is not zero load.
 *
 * @param action           {@code HOLD} keeps the current count; {@code FALLBACK} scales up to at least {@code fallbackReplicas}
 * @param fallbackReplicas used with {@code FALLBACK}
 */
public record MissingSignals(Action action, int fallbackReplicas) {
    public enum Action { HOLD, FALLBACK }

    public static final MissingSignals HOLD = new MissingSignals(Action.HOLD, 0);
}
