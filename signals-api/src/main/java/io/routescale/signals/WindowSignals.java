package io.routescale.signals;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Signals of one target over one window. A null value is absent data, never zero: no request in the window
 * leaves the error ratio and latencies null, and a window covered less than the configured minimum leaves
 * every value null.
 *
 * @param window             the window's label, e.g. {@code 10s}
 * @param coverage           share of the window covered by scrapes (0 to 1)
 * @param requestsPerSecond  all responses, every code
 * @param errorRatio         5xx share of responses (499 and 0 are not server errors)
 * @param latencyP50Seconds  from histogram bucket increments, PromQL {@code histogram_quantile} rule
 * @param latencyP90Seconds  as above
 * @param latencyP99Seconds  as above
 * @param latencyMeanSeconds sum / count of the latency histogram
 * @param inflightRequests   concurrent requests (see {@code inflightSource})
 * @param inflightSource     {@code gauge} or {@code littles_law}
 * @param retriesPerSecond   null when Traefik reports no retries series (no retry middleware has retried)
 */
@Serdeable
public record WindowSignals(String window, double coverage,
                            @Nullable Double requestsPerSecond, @Nullable Double errorRatio,
                            @Nullable Double latencyP50Seconds, @Nullable Double latencyP90Seconds,
                            @Nullable Double latencyP99Seconds, @Nullable Double latencyMeanSeconds,
                            @Nullable Double inflightRequests, @Nullable InflightSource inflightSource,
                            @Nullable Double retriesPerSecond) {
}
