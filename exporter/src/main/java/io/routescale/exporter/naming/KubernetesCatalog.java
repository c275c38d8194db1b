package io.routescale.exporter.naming;

import java.util.List;

/**
 * The exporter's one door to the Kubernetes API: read the objects that Traefik names its services and
 * routers after. Kept this narrow so the resolver can be tested with plain values and the API client stays
 * in one class.
 */
public interface KubernetesCatalog {

    /** Reads every Service, Ingress, IngressRoute, HTTPRoute and GRPCRoute the exporter may list (cluster-wide). */
    Snapshot read() throws CatalogException;

    record Snapshot(List<ServiceObject> services, List<IngressObject> ingresses, List<IngressRouteObject> ingressRoutes,
                    List<GatewayRouteObject> gatewayRoutes) {
        /** A cluster without Gateway API routes. */
        public Snapshot(List<ServiceObject> services, List<IngressObject> ingresses, List<IngressRouteObject> ingressRoutes) {
            this(services, ingresses, ingressRoutes, List.of());
        }
    }

    record ServiceObject(String namespace, String name, List<ServicePort> ports) {
    }

    /** @param name null when the port is unnamed */
    record ServicePort(String name, int port) {
    }

    record IngressObject(String namespace, String name, List<IngressPath> paths) {
    }

    /** One {@code spec.rules[].http.paths[]} entry; {@code host} is "" for a rule without host. */
    record IngressPath(String host, String path) {
    }

    record IngressRouteObject(String namespace, String name, List<IngressRouteRoute> routes) {
    }

    /** One {@code spec.routes[]} entry of an IngressRoute. */
    record IngressRouteRoute(String match, List<RouteService> services) {
    }

    /** @param kind {@code Service} (also when empty) or {@code TraefikService}; {@code namespace} "" means the route's */
    record RouteService(String name, String kind, String namespace) {
    }

    /**
     * A Gateway API route ({@code gateway.networking.k8s.io/v1}).
     *
     * @param kind  {@code HTTPRoute} or {@code GRPCRoute}
     * @param rules each {@code spec.rules[]} entry's {@code backendRefs}, in order
     */
    record GatewayRouteObject(String kind, String namespace, String name, List<List<BackendRef>> rules) {
    }

    /**
     * One {@code backendRefs[]} entry. {@code group} "" is the core group, {@code kind} "" means Service,
     * {@code namespace} "" means the route's; {@code port} is null when the reference has none.
     */
    record BackendRef(String group, String kind, String namespace, String name, Integer port) {
        boolean isService() {
            return group.isEmpty() && (kind.isEmpty() || kind.equals("Service"));
        }
    }

    /** The API could not be read (unreachable, forbidden, unexpected answer). */
    final class CatalogException extends Exception {
        public CatalogException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
