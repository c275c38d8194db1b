package io.routescale.exporter.parse;

/** Why a scrape was rejected; each value is a label value of {@code routescale_exporter_scrape_errors_total}. */
public enum RejectReason {
    /** The Traefik endpoint could not be reached or answered with a non-2xx status. */
    UNREACHABLE("unreachable"),
    /** No complete answer within the scrape timeout. */
    TIMEOUT("timeout"),
    /** A line is not valid Prometheus text 0.0.4 / OpenMetrics text. */
    MALFORMED("malformed"),
    /** The body exceeded {@code max-body-bytes}. */
    BODY_TOO_LARGE("body_too_large"),
    /** The body held more sample lines than {@code max-series}. */
    TOO_MANY_SERIES("too_many_series"),
    /** The body named more distinct Traefik services and routers than {@code max-targets}. */
    TOO_MANY_TARGETS("too_many_targets"),
    /** A single line exceeded {@code max-line-bytes}. */
    LINE_TOO_LONG("line_too_long"),
    /** The body parsed, but its Traefik series contradict themselves (e.g. a histogram without +Inf). */
    INCONSISTENT("inconsistent");

    private final String label;

    RejectReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
