package io.routescale.exporter.window;

/**
 * End times of the most recent successful scrapes ("cycles"), numbered from 1. A failed scrape makes no cycle,
 * so a gap in the data is a longer span, never a zero.
 */
final class CycleTimeline {
    private final long[] endMillis;
    private long latest;

    CycleTimeline(int capacity) {
        endMillis = new long[capacity];
    }

    long advance(long atMillis) {
        latest++;
        endMillis[slot(latest)] = atMillis;
        return latest;
    }

    long latest() {
        return latest;
    }

    /** True while {@code cycle} is still held by the ring. */
    boolean holds(long cycle) {
        return cycle >= 1 && cycle <= latest && latest - cycle < endMillis.length;
    }

    long endMillis(long cycle) {
        return endMillis[slot(cycle)];
    }

    int capacity() {
        return endMillis.length;
    }

    int slot(long cycle) {
        return (int) (cycle % endMillis.length);
    }
}
