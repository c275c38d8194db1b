package io.routescale.exporter.traefik;

import java.util.HashMap;
import java.util.Map;

/**
 * Shares one {@link SeriesKey} instance per distinct series across scrapes, so the previous scrape that the
 * window keeps costs references. Bounded: past {@code capacity} entries it starts afresh, which only costs
 * sharing, never correctness (keys compare by value).
 */
public final class SeriesKeyPool {
    private final int capacity;
    private final Map<SeriesKey, SeriesKey> keys = new HashMap<>();

    public SeriesKeyPool(int capacity) {
        this.capacity = capacity;
    }

    public synchronized SeriesKey key(CharSequence labels, boolean serverError) {
        SeriesKey fresh = SeriesKey.of(labels, serverError);
        SeriesKey key = keys.get(fresh);
        if (key == null) {
            if (keys.size() >= capacity) {
                keys.clear();
            }
            keys.put(fresh, fresh);
            key = fresh;
        }
        return key;
    }
}
