package io.routescale.autoscaler.act;

/**
 * What routescale changes on an HPA in one patch: its {@code minReplicas} floor and, for an objective target with
 * {@code hpaMetric}, one metric's per-replica {@code averageValue}.
 *
 * @param metric       the metric entry to change; null: only the floor
 * @param averageValue the new {@code target.averageValue} of {@code metric}
 */
public record HpaPatch(int minReplicas, HpaState.Metric metric, double averageValue) {
    public static HpaPatch floor(int minReplicas) {
        return new HpaPatch(minReplicas, null, Double.NaN);
    }
}
