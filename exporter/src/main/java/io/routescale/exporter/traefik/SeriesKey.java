package io.routescale.exporter.traefik;

/**
 * Identity of one raw Traefik series inside a backend or route: every label except the one naming the
 * target (and {@code le}), e.g. {@code code="503",method="GET",protocol="http"}. Kept so that counter resets
 * are detected per raw series, as PromQL {@code rate()} does, never on a sum.
 *
 * @param labels      the canonical label text
 * @param serverError true for a 5xx {@code code}; 499 (client closed) and 0 (no status written) are not errors
 */
public record SeriesKey(String labels, boolean serverError) {
}
