package io.routescale.exporter.traefik;

import java.util.Map;

/**
 * One successful scrape of Traefik, reduced to the series that drive scale signals. Immutable.
 *
 * @param atMillis   when the scrape completed (epoch milliseconds, from the injected clock)
 * @param backends   by Traefik service name
 * @param routes     by Traefik router name
 * @param generation which Traefik wrote it
 */
public record TraefikSnapshot(long atMillis, Map<String, TargetSample> backends, Map<String, TargetSample> routes,
                              TraefikGeneration generation) {
}
