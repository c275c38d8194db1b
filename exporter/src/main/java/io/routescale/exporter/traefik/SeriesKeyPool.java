package io.routescale.exporter.traefik;

import java.util.HashMap;
import java.util.Map;

/**
 * Shares one {@link SeriesKey} instance per distinct series across scrapes, so the previous scrape that the
 * window keeps costs references. Bounded: past {@code capacity} entries it starts afresh, which only costs
 * sharing, never correctness (keys compare by value).
 */
public final class SeriesKeyPool {
    /** Descriptions kept: a body's series keys are few (codes x methods x protocols), unless labels are hostile. */
    static final int DESCRIBED = 1_000;
    private final int capacity;
    private final Map<SeriesKey, SeriesKey> keys = new HashMap<>();
    private final Map<SeriesKey, String> descriptions = new HashMap<>();

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

    /**
     * A series' labels as an error message shows them: the first 80 characters (the text itself is not kept).
     * Asked for every histogram of every scrape, so the first {@link #DESCRIBED} are kept with their key.
     */
    public synchronized String description(SeriesKey key, CharSequence labels) {
        String known = descriptions.get(key);
        if (known == null) {
            known = labels.length() <= 80 ? labels.toString() : labels.subSequence(0, 80) + "...";
            if (descriptions.size() < DESCRIBED) {
                descriptions.put(key, known);
            }
        }
        return known;
    }

    /** Descriptions kept now (for tests of the bound). */
    synchronized int describedKeys() {
        return descriptions.size();
    }
}
