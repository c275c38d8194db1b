package io.routescale.signals;

import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;

/** How a Traefik name was mapped to Kubernetes names; the value of the {@code resolution} label. */
@Serdeable
public enum Resolution {
    /** Exact: matched against Services, Ingresses and IngressRoutes read from the Kubernetes API. */
    API("api"),
    /** Best effort: split from the Traefik name; wrong when the namespace itself contains '-'. */
    PARSED("parsed"),
    /**
     * Best effort, IngressRoute form ({@code <ns>-<ingressroute>-<hash>}): Traefik names a single-Service
     * IngressRoute's backend after the route, so {@code service} holds the IngressRoute's name until the API is
     * read.
     */
    PARSED_INGRESSROUTE("parsed-ingressroute"),
    /** Not a Kubernetes provider (docker, file, ...): {@code service} is the Traefik name made label-safe. */
    NONE("none");

    private final String label;

    Resolution(String label) {
        this.label = label;
    }

    /** Also the JSON form, so {@code /signals} and the exposition spell it alike. */
    @JsonValue
    public String label() {
        return label;
    }
}
