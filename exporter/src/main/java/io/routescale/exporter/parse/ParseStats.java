package io.routescale.exporter.parse;

/** What one successful parse read: for the exporter's self-metrics. */
public record ParseStats(long bytes, long lines, long samples) {
}
