package io.routescale.autoscaler.replay;

/**
 * What a scaler can know at second {@code t}: averages of one observed series over trailing windows, the way
 * the exporter computes them, {@code delaySeconds} behind (scrape and pipeline). A window is absent when its
 * data covers less than half of it, and everything is absent when the newest second it could see is missing
 * (stale data is withheld, as the exporter withdraws it).
 */
final class LoadView {
    private final double[] series;
    private final int delaySeconds;

    LoadView(double[] series, int delaySeconds) {
        this.series = series;
        this.delaySeconds = delaySeconds;
    }

    /** Mean over the {@code window} seconds ending {@code delaySeconds} before {@code t}; null when absent. */
    Double average(int t, int window) {
        int end = t - delaySeconds;
        if (end < 0 || Double.isNaN(series[Math.min(end, series.length - 1)])) {
            return null;
        }
        double sum = 0;
        int n = 0;
        for (int i = Math.max(0, end - window + 1); i <= end && i < series.length; i++) {
            if (!Double.isNaN(series[i])) {
                sum += series[i];
                n++;
            }
        }
        return n * 2 < window ? null : sum / n;
    }
}
