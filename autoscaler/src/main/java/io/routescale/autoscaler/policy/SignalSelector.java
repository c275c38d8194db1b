package io.routescale.autoscaler.policy;

/**
 * Which exporter series a rule reads: a backend (Kubernetes Service) or a route (Ingress, IngressRoute, HTTPRoute
 * or GRPCRoute), by resolved Kubernetes names, as labelled by the exporter.
 *
 * @param route     false: {@code routescale_backend_*} by {@code service}; true: {@code routescale_route_*} by {@code route}
 * @param namespace the {@code namespace} label
 * @param name      the {@code service} (backend) or {@code route} label
 */
public record SignalSelector(boolean route, String namespace, String name) {
    @Override
    public String toString() {
        return (route ? "route " : "backend ") + namespace + "/" + name;
    }
}
