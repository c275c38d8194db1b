package io.routescale.exporter.traefik;

/**
 * One raw latency histogram series at one scrape: cumulative bucket counts by ascending upper bound, the last
 * bound being +Inf. Arrays are never modified after construction.
 */
public record HistogramSample(double[] upperBounds, double[] cumulativeCounts, double sum, double count) {
    public int buckets() {
        return upperBounds.length;
    }
}
