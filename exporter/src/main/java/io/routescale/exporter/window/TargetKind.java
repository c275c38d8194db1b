package io.routescale.exporter.window;

/** The two things routescale computes signals for. */
public enum TargetKind {
    /** A Traefik leaf service: the pods behind one Kubernetes Service port. */
    BACKEND,
    /** A Traefik router: one Ingress rule/path or IngressRoute route. */
    ROUTE
}
