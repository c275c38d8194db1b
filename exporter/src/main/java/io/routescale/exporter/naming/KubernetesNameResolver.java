package io.routescale.exporter.naming;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exact names from the Kubernetes API, refreshed periodically; anything the API does not explain (objects
 * created since the last refresh, an API that cannot be read) falls back to {@link ParsedNameResolver}, and
 * the {@code resolution} label says which one answered.
 */
public final class KubernetesNameResolver implements NameResolver {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesNameResolver.class);

    private final KubernetesCatalog catalog;
    private final ParsedNameResolver fallback;
    private volatile KubernetesNameIndex index;
    private volatile boolean lastRefreshFailed;

    public KubernetesNameResolver(KubernetesCatalog catalog, ParsedNameResolver fallback) {
        this.catalog = catalog;
        this.fallback = fallback;
    }

    /** Re-reads the catalog; on failure keeps the previous index and says so once. */
    public boolean refresh() {
        try {
            KubernetesNameIndex next = KubernetesNameIndex.of(catalog.read());
            index = next;
            if (lastRefreshFailed) {
                LOG.info("Kubernetes names readable again: {} Traefik names indexed", next.size());
            }
            lastRefreshFailed = false;
            return true;
        } catch (KubernetesCatalog.CatalogException | RuntimeException e) {
            if (!lastRefreshFailed) {
                LOG.warn("Cannot read Services/Ingresses/IngressRoutes ({}); names are parsed from Traefik's "
                        + "(resolution=\"parsed\") until the API answers", e.getMessage());
            }
            lastRefreshFailed = true;
            return false;
        }
    }

    @Override
    public ResolvedName backend(String traefikService) {
        KubernetesNameIndex current = index;
        ResolvedName exact = current == null ? null : current.backend(traefikService);
        return exact != null ? exact : fallback.backend(traefikService);
    }

    @Override
    public ResolvedName route(String traefikRouter) {
        KubernetesNameIndex current = index;
        if (current != null) {
            String[] parts = TraefikNames.splitProvider(traefikRouter);
            String suffix = parts[1].isEmpty() ? "" : "@" + parts[1];
            String unprefixed = fallback.stripEntrypoint(parts[0]);
            for (String candidate : new String[] {parts[0], unprefixed, withoutCollisionHash(parts[0]),
                    withoutCollisionHash(unprefixed)}) {
                ResolvedName exact = current.route(candidate + suffix);
                if (exact != null) {
                    return exact;
                }
            }
        }
        return fallback.route(traefikRouter);
    }

    /** Ingress routers whose keys collide get {@code -<hash20>} appended (makeRouterKeyWithHash). */
    private static String withoutCollisionHash(String name) {
        int dash = name.lastIndexOf('-');
        return dash > 0 && TraefikNames.isHash20(name.substring(dash + 1)) ? name.substring(0, dash) : name;
    }
}
