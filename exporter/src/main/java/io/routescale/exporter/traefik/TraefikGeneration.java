package io.routescale.exporter.traefik;

/** Which Traefik major version wrote a body, told apart by the families only one of them has. */
public enum TraefikGeneration {
    /** Has {@code traefik_entrypoint|router|service_open_connections}. */
    V2,
    /** Has the entrypoint-level {@code traefik_open_connections} gauge and none of the v2 ones. */
    V3,
    /** Neither family was present (e.g. an idle Traefik without connections). */
    UNKNOWN
}
