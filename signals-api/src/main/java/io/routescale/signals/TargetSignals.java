package io.routescale.signals;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * Signals of one backend (Traefik leaf service) or route (router) at one scrape.
 *
 * @param traefikName     the raw Traefik name ({@code traefik_service} or {@code traefik_router} label)
 * @param traefikService  for a route, the Traefik service it forwards to; null for a backend
 * @param namespace       Kubernetes namespace ("" for non-Kubernetes providers)
 * @param name            Kubernetes Service (backend) or Ingress/IngressRoute (route)
 * @param resolution      how {@code namespace}/{@code name} were found
 * @param windows         one entry per configured window, fastest first
 * @param serversUp       healthy servers; null when Traefik has no health check for the service
 * @param serversReported servers with a health-check series; null as above
 */
@Serdeable
public record TargetSignals(String traefikName, @Nullable String traefikService, String namespace, String name,
                            Resolution resolution, List<WindowSignals> windows, @Nullable Integer serversUp,
                            @Nullable Integer serversReported) {
}
