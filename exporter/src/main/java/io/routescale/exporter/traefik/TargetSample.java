package io.routescale.exporter.traefik;

import java.util.Map;

/**
 * Everything one scrape said about one backend (a Traefik leaf service) or one route (a router).
 *
 * <p>Read-only by contract, not by type: its maps are the snapshot builder's own, handed over without a copy
 * (at 450,000 series a copy per scrape is megabytes of garbage), and nothing writes them after the build.
 *
 * @param name            the Traefik name, e.g. {@code default-whoami-80@kubernetes}
 * @param service         for a route, the Traefik service it forwards to; null for a backend
 * @param requests        {@code *_requests_total} by raw series
 * @param latency         {@code *_request_duration_seconds} by raw series
 * @param openConnections sum of the v2 {@code *_open_connections} gauges; NaN when Traefik does not report it (v3)
 * @param retries         {@code traefik_service_retries_total}; NaN when absent (no retry middleware has retried)
 * @param serversUp       servers whose {@code traefik_service_server_up} is 1
 * @param serversReported servers with a {@code traefik_service_server_up} series (0: no health check configured)
 */
public record TargetSample(String name, String service, Map<SeriesKey, Double> requests,
                           Map<SeriesKey, HistogramSample> latency, double openConnections, double retries,
                           int serversUp, int serversReported) {
}
