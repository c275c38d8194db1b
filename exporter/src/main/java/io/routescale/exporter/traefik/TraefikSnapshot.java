package io.routescale.exporter.traefik;

import java.util.Map;

/**
 * One successful scrape of Traefik, reduced to the series that drive scale signals. Read-only by contract: its
 * maps are the snapshot builder's own (see {@link TargetSample}).
 *
 * @param atMillis   when the scrape completed (epoch milliseconds, from the injected clock)
 * @param backends   by Traefik service name
 * @param routes     by Traefik router name
 * @param generation which Traefik wrote it
 * @param processStartSeconds Traefik's {@code process_start_time_seconds}; NaN when the body has none. A change
 *                   of it between two scrapes is how a Traefik restart is told from one series going wrong.
 */
public record TraefikSnapshot(long atMillis, Map<String, TargetSample> backends, Map<String, TargetSample> routes,
                              TraefikGeneration generation, double processStartSeconds) {

    /** A body without {@code process_start_time_seconds}. */
    public TraefikSnapshot(long atMillis, Map<String, TargetSample> backends, Map<String, TargetSample> routes,
                           TraefikGeneration generation) {
        this(atMillis, backends, routes, generation, Double.NaN);
    }
}
