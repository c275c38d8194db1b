package io.routescale.autoscaler.act;

import java.util.List;
import java.util.Optional;

/**
 * The parts of an autoscaling/v2 HorizontalPodAutoscaler routescale reads.
 *
 * @param targetKind  {@code spec.scaleTargetRef.kind}
 * @param targetName  {@code spec.scaleTargetRef.name}
 * @param metrics     {@code spec.metrics} that name a metric (External, Object, Pods), in their list order
 */
public record HpaState(String namespace, String name, int minReplicas, int maxReplicas, int currentReplicas,
                       String targetKind, String targetName, String resourceVersion, List<Metric> metrics) {
    /**
     * One entry of {@code spec.metrics}.
     *
     * @param index        its position in {@code spec.metrics} (what a JSON patch addresses)
     * @param type         {@code External}, {@code Object} or {@code Pods}
     * @param metricName   {@code <type>.metric.name}
     * @param targetType   {@code <type>.target.type}: {@code AverageValue}, {@code Value} or {@code Utilization}
     * @param averageValue {@code <type>.target.averageValue}; NaN when unset
     */
    public record Metric(int index, String type, String metricName, String targetType, double averageValue) {
    }

    public Optional<Metric> metric(String metricName) {
        return metrics.stream().filter(m -> m.metricName().equals(metricName)).findFirst();
    }
}
