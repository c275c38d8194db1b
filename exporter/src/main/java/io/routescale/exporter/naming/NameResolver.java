package io.routescale.exporter.naming;

/** Maps Traefik names (as they appear in the {@code service} and {@code router} labels) to Kubernetes names. */
public interface NameResolver {
    ResolvedName backend(String traefikService);

    ResolvedName route(String traefikRouter);
}
