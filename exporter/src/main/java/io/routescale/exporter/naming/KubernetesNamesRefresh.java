package io.routescale.exporter.naming;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

/** Re-reads the Kubernetes objects behind Traefik's names every {@code kubernetes-refresh}. */
@Singleton
@Requires(property = "routescale.exporter.kubernetes-enabled", value = "true")
public class KubernetesNamesRefresh {
    private final KubernetesNameResolver resolver;

    public KubernetesNamesRefresh(KubernetesNameResolver resolver) {
        this.resolver = resolver;
    }

    @Scheduled(fixedDelay = "${routescale.exporter.kubernetes-refresh:60s}",
            initialDelay = "${routescale.exporter.kubernetes-refresh:60s}")
    void refresh() {
        resolver.refresh();
    }
}
