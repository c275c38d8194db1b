package io.routescale.exporter.traefik;

/**
 * Identity of one raw Traefik series inside a backend or route: every label except the one naming the
 * target (and {@code le}), e.g. {@code code="503",method="GET",protocol="http"}. Kept so that counter resets
 * are detected per raw series, as PromQL {@code rate()} does, never on a sum.
 *
 * <p>Held as a 128-bit hash of that label text, not the text: a client picks some label values (Traefik's
 * {@code headerLabels}), and 100,000 series with 300-byte values would otherwise keep 40 MB alive in every
 * snapshot the windows hold. Two independent 64-bit hashes; a collision among the 150,000 series a body may
 * have is about 2^-94 likely, and would only reject that scrape as a duplicate series.
 *
 * @param serverError true for a 5xx {@code code}; 499 (client closed) and 0 (no status written) are not errors
 */
public record SeriesKey(long high, long low, boolean serverError) {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long GOLDEN = 0x9e3779b97f4a7c15L;

    /** The key of the canonical label text {@code labels}. */
    public static SeriesKey of(CharSequence labels, boolean serverError) {
        long fnv = FNV_OFFSET;
        long poly = GOLDEN;
        for (int i = 0; i < labels.length(); i++) {
            char c = labels.charAt(i);
            fnv = (fnv ^ c) * FNV_PRIME;
            poly = (poly + c) * GOLDEN;
        }
        return new SeriesKey(mix(fnv ^ labels.length()), mix(poly + labels.length()), serverError);
    }

    /** MurmurHash3's 64-bit finalizer: every input bit reaches every output bit. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
