package io.routescale.signals;

import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;

/** Where an in-flight figure comes from; the value of the {@code source} label. */
@Serdeable
public enum InflightSource {
    /** Traefik v2's open-connections gauge, averaged over the window. */
    GAUGE("gauge"),
    /**
     * An estimate by Little's law, L = λ·W (requests per second × mean latency): Traefik v3 has no per-service
     * concurrency gauge. Exact on average for a stable system; it lags bursts by the window.
     */
    LITTLES_LAW("littles_law");

    private final String label;

    InflightSource(String label) {
        this.label = label;
    }

    /** Also the JSON form, so {@code /signals} and the exposition spell it alike. */
    @JsonValue
    public String label() {
        return label;
    }
}
