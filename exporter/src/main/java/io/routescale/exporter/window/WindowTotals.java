package io.routescale.exporter.window;

/**
 * Sums of one target's increments over one window, ready for rates and quantiles.
 *
 * @param windowSeconds   the window asked for
 * @param spanSeconds     time actually covered by increments in the window (less after start-up or gaps)
 * @param requests        requests counted
 * @param serverErrors    5xx responses counted
 * @param latencySum      seconds of latency observed
 * @param latencyCount    latency observations
 * @param retries         retries counted; NaN when Traefik reported no retries series in the window
 * @param bucketBounds    histogram upper bounds (last is +Inf); null when there is no histogram
 * @param bucketCounts    cumulative observations per bound over the window; null with {@code bucketBounds}
 * @param openConnections mean of the v2 open-connections gauge over the window; NaN when Traefik has none (v3)
 * @param serversUp       healthy servers at the latest scrape; -1 when Traefik reports no health check
 * @param serversReported servers with a health-check series at the latest scrape
 */
public record WindowTotals(double windowSeconds, double spanSeconds, double requests, double serverErrors,
                           double latencySum, double latencyCount, double retries, double[] bucketBounds,
                           double[] bucketCounts, double openConnections, int serversUp, int serversReported) {

    /** Share of the window the data covers, 0 to 1. */
    public double coverage() {
        return Math.min(1.0, spanSeconds / windowSeconds);
    }
}
