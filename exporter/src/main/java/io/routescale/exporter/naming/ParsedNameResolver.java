package io.routescale.exporter.naming;

import io.routescale.signals.Resolution;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Best-effort resolution from the Traefik name alone (no API access), following the naming rules in the
 * fixtures' FORMAT.md:
 * <ul>
 *   <li>{@code <ns>-<svc>-<port>@kubernetes|kubernetescrd}: namespace = first segment, service = the middle;</li>
 *   <li>{@code <ns>-<ingressroute>-<hash20>@kubernetescrd}: an IngressRoute's route; for a backend Traefik
 *       reuses that name, so the service is only known through the API ({@link Resolution#PARSED_INGRESSROUTE});</li>
 *   <li>{@code <ns>-<traefikservice>@kubernetescrd}: two segments;</li>
 *   <li>routers {@code <ns>-<ingress>-<host>-<path>@kubernetes}, optionally behind an {@code <entrypoint>-}
 *       prefix: namespace = first segment, route = second;</li>
 *   <li>Gateway API ({@code @kubernetesgateway}, {@link GatewayRouteNames}): a router's
 *       {@code httproute-<ns>-<route>-gw-...}, a backend's {@code ...-svc-<ns>-<service>-<index>} or, before
 *       Traefik 3.7.6, {@code <ns>-<service>-http-<port>} and {@code <ns>-<service>-<port>-grpc}: namespace =
 *       first segment, the name = the rest.</li>
 * </ul>
 * A namespace or name that contains '-' cannot be told apart from its neighbours without the API; the
 * {@code resolution} label says so.
 */
public final class ParsedNameResolver implements NameResolver {
    /** Past this many names remembered, the memory starts afresh (the shipped cap is 12,000 targets). */
    static final int REMEMBERED = 20_000;
    private final List<String> entrypointPrefixes;
    // A name resolves the same way every cycle: remembered, it is split once, not once per scrape per target.
    private final Map<String, ResolvedName> backends = new ConcurrentHashMap<>();
    private final Map<String, ResolvedName> routes = new ConcurrentHashMap<>();

    /** @param entrypoints entrypoint names whose {@code <name>-} prefix Traefik may put before a router name */
    public ParsedNameResolver(List<String> entrypoints) {
        this.entrypointPrefixes = entrypoints.stream().map(e -> e + "-").toList();
    }

    @Override
    public ResolvedName backend(String traefikService) {
        ResolvedName known = backends.get(traefikService);
        return known != null ? known : remember(backends, traefikService, parseBackend(traefikService));
    }

    @Override
    public ResolvedName route(String traefikRouter) {
        ResolvedName known = routes.get(traefikRouter);
        return known != null ? known : remember(routes, traefikRouter, parseRoute(traefikRouter));
    }

    /** Backends remembered now (for tests of the bound). */
    int rememberedNames() {
        return backends.size();
    }

    private static ResolvedName remember(Map<String, ResolvedName> memory, String name, ResolvedName resolved) {
        if (memory.size() >= REMEMBERED) {
            memory.clear();
        }
        memory.put(name, resolved);
        return resolved;
    }

    private ResolvedName parseBackend(String traefikService) {
        String[] parts = TraefikNames.splitProvider(traefikService);
        if (parts[1].equals(GatewayRouteNames.PROVIDER)) {
            return namespaceThenName(GatewayRouteNames.parsedBackend(parts[0]), parts[0]);
        }
        if (!isKubernetes(parts[1])) {
            return none(parts[0]);
        }
        String[] seg = parts[0].split("-");
        if (seg.length >= 3 && TraefikNames.isHash20(seg[seg.length - 1])) {
            return named(seg[0], join(seg, 1, seg.length - 1), Resolution.PARSED_INGRESSROUTE);
        }
        if (seg.length >= 3) {
            return named(seg[0], join(seg, 1, seg.length - 1), Resolution.PARSED);
        }
        if (seg.length == 2 && parts[1].equals("kubernetescrd")) {
            return named(seg[0], seg[1], Resolution.PARSED);
        }
        return none(parts[0]);
    }

    private ResolvedName parseRoute(String traefikRouter) {
        String[] parts = TraefikNames.splitProvider(traefikRouter);
        if (parts[1].equals(GatewayRouteNames.PROVIDER)) {
            return namespaceThenName(GatewayRouteNames.parsedRoute(parts[0]), parts[0]);
        }
        if (!isKubernetes(parts[1])) {
            return none(parts[0]);
        }
        String name = stripEntrypoint(parts[0]);
        String[] seg = name.split("-");
        if (seg.length >= 3 && parts[1].equals("kubernetescrd") && TraefikNames.isHash20(seg[seg.length - 1])) {
            return named(seg[0], join(seg, 1, seg.length - 1), Resolution.PARSED);
        }
        if (seg.length >= 2) {
            return named(seg[0], seg[1], Resolution.PARSED);
        }
        return none(parts[0]);
    }

    String stripEntrypoint(String router) {
        for (String prefix : entrypointPrefixes) {
            if (router.startsWith(prefix) && router.length() > prefix.length()) {
                return router.substring(prefix.length());
            }
        }
        return router;
    }

    /** {@code <ns>-<name>}: the namespace is the first segment (a namespace with '-' is told apart only by the API). */
    private static ResolvedName namespaceThenName(String nsAndName, String whole) {
        int dash = nsAndName == null ? -1 : nsAndName.indexOf('-');
        if (dash <= 0 || dash == nsAndName.length() - 1) {
            return none(whole);
        }
        return named(nsAndName.substring(0, dash), nsAndName.substring(dash + 1), Resolution.PARSED);
    }

    private static boolean isKubernetes(String provider) {
        return provider.equals("kubernetes") || provider.equals("kubernetescrd");
    }

    private static ResolvedName named(String namespace, String name, Resolution resolution) {
        String ns = TraefikNames.dnsLabel(namespace);
        String n = TraefikNames.dnsLabel(name);
        if (ns.isEmpty() || n.isEmpty()) {
            return none(namespace + "-" + name);
        }
        return new ResolvedName(ns, n, resolution);
    }

    private static ResolvedName none(String name) {
        String label = TraefikNames.dnsLabel(name);
        return new ResolvedName("", label.isEmpty() ? "unnamed" : label, Resolution.NONE);
    }

    private static String join(String[] seg, int from, int to) {
        return String.join("-", java.util.Arrays.copyOfRange(seg, from, to));
    }
}
