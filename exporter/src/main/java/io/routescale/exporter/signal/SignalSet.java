package io.routescale.exporter.signal;

import io.routescale.signals.TargetSignals;

import io.routescale.exporter.traefik.TraefikGeneration;

import java.util.List;

/**
 * Every signal computed from one successful scrape: the immutable unit that the exposition and the
 * {@code /signals} endpoint read. {@link #EMPTY} stands before the first scrape.
 *
 * @param atMillis   when the scrape it comes from completed (epoch ms); 0 for {@link #EMPTY}
 * @param generation which Traefik wrote the data
 * @param backends   sorted by Traefik name
 * @param routes     sorted by Traefik name
 */
public record SignalSet(long atMillis, TraefikGeneration generation, List<TargetSignals> backends,
                        List<TargetSignals> routes) {
    public static final SignalSet EMPTY = new SignalSet(0, TraefikGeneration.UNKNOWN, List.of(), List.of());
}
