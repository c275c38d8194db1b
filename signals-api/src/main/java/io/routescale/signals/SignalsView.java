package io.routescale.signals;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * The {@code /signals} document read by the autoscaler's fast path. When {@code traefik.stale} is true the
 * backends and routes are the last good ones, kept for diagnosis: a reader must not act on them as current.
 */
@Serdeable
public record SignalsView(TraefikView traefik, List<TargetSignals> backends, List<TargetSignals> routes) {

    /**
     * @param up                    the latest scrape succeeded
     * @param stale                 the signals are older than {@code stale-after} (or there are none yet)
     * @param ageSeconds            age of the data behind the signals; null before the first good scrape
     * @param lastSuccessTimestamp  Unix seconds of the last good scrape; null before one
     * @param lastError             reason label of the latest failure; null after a success
     * @param lastErrorMessage      its message
     * @param generation            {@code V2}, {@code V3} or {@code UNKNOWN}
     */
    @Serdeable
    public record TraefikView(boolean up, boolean stale, @Nullable Double ageSeconds,
                              @Nullable Double lastSuccessTimestamp, @Nullable String lastError,
                              @Nullable String lastErrorMessage, String generation) {
    }
}
