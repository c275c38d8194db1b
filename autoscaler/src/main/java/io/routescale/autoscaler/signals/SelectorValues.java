package io.routescale.autoscaler.signals;

import java.util.Map;

/**
 * What a source read for one selector.
 *
 * @param byWindow values by exporter window label ({@code 10s}, {@code 60s})
 * @param complete false when a Traefik replica could not be read: the values are then a lower bound
 */
public record SelectorValues(Map<String, WindowValues> byWindow, boolean complete) {
}
