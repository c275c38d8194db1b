package io.routescale.exporter.naming;

import io.routescale.signals.Resolution;

import io.routescale.exporter.naming.KubernetesCatalog.IngressObject;
import io.routescale.exporter.naming.KubernetesCatalog.IngressPath;
import io.routescale.exporter.naming.KubernetesCatalog.IngressRouteObject;
import io.routescale.exporter.naming.KubernetesCatalog.IngressRouteRoute;
import io.routescale.exporter.naming.KubernetesCatalog.RouteService;
import io.routescale.exporter.naming.KubernetesCatalog.ServiceObject;
import io.routescale.exporter.naming.KubernetesCatalog.ServicePort;

import java.util.HashMap;
import java.util.Map;

/**
 * Every Traefik name that the Kubernetes objects of a catalog snapshot produce, computed with Traefik's own
 * rules (fixtures' FORMAT.md, sections 4a and 4b), mapped to the object's real names; Gateway API routes'
 * names are matched by {@link GatewayRouteNames}. Immutable.
 */
public final class KubernetesNameIndex {
    private static final String GATEWAY_SUFFIX = "@" + GatewayRouteNames.PROVIDER;

    private final Map<String, ResolvedName> backends;
    private final Map<String, ResolvedName> routes;
    private final GatewayRouteNames gateway;

    private KubernetesNameIndex(Map<String, ResolvedName> backends, Map<String, ResolvedName> routes, GatewayRouteNames gateway) {
        this.backends = Map.copyOf(backends);
        this.routes = Map.copyOf(routes);
        this.gateway = gateway;
    }

    public static KubernetesNameIndex of(KubernetesCatalog.Snapshot snapshot) {
        Map<String, ResolvedName> backends = new HashMap<>();
        Map<String, ResolvedName> routes = new HashMap<>();
        for (ServiceObject s : snapshot.services()) {
            ResolvedName name = new ResolvedName(s.namespace(), s.name(), Resolution.API);
            for (ServicePort p : s.ports()) {
                // Ingress backends and IngressRoute weighted children: <ns>-<svc>-<port name or number>.
                for (String port : p.name() == null ? new String[] {Integer.toString(p.port())}
                        : new String[] {Integer.toString(p.port()), p.name()}) {
                    String key = TraefikNames.normalize(s.namespace() + "-" + s.name() + "-" + port);
                    backends.put(key + "@kubernetes", name);
                    backends.put(key + "@kubernetescrd", name);
                }
            }
        }
        for (IngressObject ing : snapshot.ingresses()) {
            ResolvedName name = new ResolvedName(ing.namespace(), ing.name(), Resolution.API);
            for (IngressPath p : ing.paths()) {
                // Traefik >= 2.8.2 and v3: namespace first; before: name first. Both are indexed.
                routes.put(trimDash(TraefikNames.normalize(ing.namespace() + "-" + ing.name() + "-" + p.host() + p.path())) + "@kubernetes", name);
                routes.put(trimDash(TraefikNames.normalize(ing.name() + "-" + ing.namespace() + "-" + p.host() + p.path())) + "@kubernetes", name);
            }
        }
        for (IngressRouteObject ir : snapshot.ingressRoutes()) {
            ResolvedName name = new ResolvedName(ir.namespace(), ir.name(), Resolution.API);
            for (IngressRouteRoute route : ir.routes()) {
                String key = TraefikNames.normalize(ir.namespace() + "-" + ir.name() + "-" + TraefikNames.hash20(route.match()))
                        + "@kubernetescrd";
                routes.put(key, name);
                // A route with exactly one Kubernetes Service registers its load balancer under the router's name.
                if (route.services().size() == 1 && isKubernetesService(route.services().get(0))) {
                    RouteService only = route.services().get(0);
                    String ns = only.namespace().isEmpty() ? ir.namespace() : only.namespace();
                    backends.put(key, new ResolvedName(ns, only.name(), Resolution.API));
                }
            }
        }
        return new KubernetesNameIndex(backends, routes, new GatewayRouteNames(snapshot.gatewayRoutes()));
    }

    public ResolvedName backend(String traefikService) {
        if (traefikService.endsWith(GATEWAY_SUFFIX)) {
            return gateway.backend(traefikService.substring(0, traefikService.length() - GATEWAY_SUFFIX.length()));
        }
        return backends.get(traefikService);
    }

    public ResolvedName route(String traefikRouter) {
        if (traefikRouter.endsWith(GATEWAY_SUFFIX)) {
            return gateway.route(traefikRouter.substring(0, traefikRouter.length() - GATEWAY_SUFFIX.length()));
        }
        return routes.get(traefikRouter);
    }

    public int size() {
        return backends.size() + routes.size() + gateway.size();
    }

    private static boolean isKubernetesService(RouteService s) {
        return s.kind() == null || s.kind().isEmpty() || s.kind().equals("Service");
    }

    private static String trimDash(String s) {
        return s.startsWith("-") ? s.substring(1) : s;
    }
}
