package io.routescale.exporter.parse;

/**
 * Hard caps applied while reading one exposition body, so that a hostile or runaway {@code /metrics}
 * cannot make the sidecar grow without bound.
 *
 * @param maxBodyBytes  bytes read before the body is rejected
 * @param maxSamples    sample lines (series) before the body is rejected
 * @param maxLineBytes  bytes in a single line before the body is rejected
 * @param maxTargets    distinct Traefik services and routers (backends + routes) before the body is rejected
 *
 * <p>The defaults are the exporter's shipped ones, sized (measured by {@code ResourceBoundsTest}) so that a body
 * at every cap at once still goes through the whole pipeline within the sidecar's 128 MB heap.
 */
public record ParseLimits(long maxBodyBytes, long maxSamples, int maxLineBytes, int maxTargets) {
    public static final ParseLimits DEFAULT = new ParseLimits(96L << 20, 500_000, 64 << 10, 12_000);

    public ParseLimits {
        if (maxBodyBytes <= 0 || maxSamples <= 0 || maxLineBytes <= 0 || maxTargets <= 0) {
            throw new IllegalArgumentException("parse limits must be positive: " + maxBodyBytes + ", " + maxSamples + ", "
                    + maxLineBytes + ", " + maxTargets);
        }
    }

    /** Limits on the text only, with the default target cap (tests of the parser's own caps). */
    public ParseLimits(long maxBodyBytes, long maxSamples, int maxLineBytes) {
        this(maxBodyBytes, maxSamples, maxLineBytes, DEFAULT.maxTargets());
    }
}
