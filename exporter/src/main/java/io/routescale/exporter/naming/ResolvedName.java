package io.routescale.exporter.naming;

import io.routescale.signals.Resolution;

/**
 * Kubernetes names for a Traefik service or router. {@code namespace} is empty for non-Kubernetes providers;
 * otherwise both are valid RFC 1123 labels.
 *
 * @param namespace  the Kubernetes namespace
 * @param name       the Kubernetes Service (backends) or Ingress/IngressRoute (routes)
 * @param resolution how the names were found
 */
public record ResolvedName(String namespace, String name, Resolution resolution) {
}
