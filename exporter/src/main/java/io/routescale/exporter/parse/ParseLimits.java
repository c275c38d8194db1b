package io.routescale.exporter.parse;

/**
 * Hard caps applied while reading one exposition body, so that a hostile or runaway {@code /metrics}
 * cannot make the sidecar grow without bound.
 *
 * @param maxBodyBytes  bytes read before the body is rejected
 * @param maxSamples    sample lines (series) before the body is rejected
 * @param maxLineBytes  bytes in a single line before the body is rejected
 */
public record ParseLimits(long maxBodyBytes, long maxSamples, int maxLineBytes) {
    public static final ParseLimits DEFAULT = new ParseLimits(64L << 20, 2_000_000, 64 << 10);

    public ParseLimits {
        if (maxBodyBytes <= 0 || maxSamples <= 0 || maxLineBytes <= 0) {
            throw new IllegalArgumentException("parse limits must be positive: " + maxBodyBytes + ", " + maxSamples + ", " + maxLineBytes);
        }
    }
}
