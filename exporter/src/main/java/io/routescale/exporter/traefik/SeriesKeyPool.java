package io.routescale.exporter.traefik;

import java.util.HashMap;
import java.util.Map;

/**
 * Shares one {@link SeriesKey} instance per distinct label text across scrapes, so the previous scrape that
 * the window keeps costs references, not strings. Bounded: past {@code capacity} entries it starts afresh,
 * which only costs sharing, never correctness (keys compare by value).
 */
public final class SeriesKeyPool {
    private final int capacity;
    private final Map<String, SeriesKey> keys = new HashMap<>();

    public SeriesKeyPool(int capacity) {
        this.capacity = capacity;
    }

    public synchronized SeriesKey key(String labels, boolean serverError) {
        SeriesKey key = keys.get(labels);
        if (key == null) {
            if (keys.size() >= capacity) {
                keys.clear();
            }
            key = new SeriesKey(labels, serverError);
            keys.put(labels, key);
        }
        return key;
    }
}
