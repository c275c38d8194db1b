package io.routescale.autoscaler.signals;

/**
 * One backend's or route's values over one window, combined across every Traefik replica and every
 * Traefik service or router that maps to it. Null is absent.
 *
 * @param requestsPerSecond summed
 * @param errorRatio        request-weighted mean of the 5xx shares
 * @param latencyP99Seconds the highest p99 among them (quantiles cannot be summed; the worst one is what users feel)
 * @param inflightRequests  summed
 */
public record WindowValues(Double requestsPerSecond, Double errorRatio, Double latencyP99Seconds,
                           Double inflightRequests) {
}
