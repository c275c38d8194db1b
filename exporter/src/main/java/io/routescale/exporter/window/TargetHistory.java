package io.routescale.exporter.window;

import io.routescale.exporter.traefik.TargetSample;

import java.util.Arrays;

/**
 * One target's recent increments, one slot per cycle, in a flat {@code float[]}: at 5,000 backends and 30
 * cycles this is the bulk of the exporter's heap, and a float holds a few seconds' increment exactly (counts
 * below 2^24) or to 7 digits (latency seconds). A slot belongs to cycle {@code slotCycle[i]}; a slot whose
 * cycle does not match is missing data, never zero.
 */
final class TargetHistory {
    static final int SPAN = 0;
    static final int REQUESTS = 1;
    static final int SERVER_ERRORS = 2;
    static final int LATENCY_SUM = 3;
    static final int LATENCY_COUNT = 4;
    static final int RETRIES = 5;
    static final int OPEN_CONNECTIONS = 6;
    static final int SERVERS_UP = 7;
    static final int SERVERS_REPORTED = 8;
    private static final int FIXED_FIELDS = 9;

    private final int capacity;
    private int fields;
    private float[] data;
    private final long[] slotCycle;
    private double[] bounds;
    TargetSample last;
    long lastSeenCycle;
    /** The Traefik process {@link #last} came from ({@link WindowStore}'s restart count then). */
    long lastEpoch;
    final SeriesMemory vanished = new SeriesMemory();

    TargetHistory(int capacity) {
        this.capacity = capacity;
        this.slotCycle = new long[capacity];
        Arrays.fill(slotCycle, -1);
        layout(null);
    }

    /** Stores the increment that ended at {@code cycle} and spanned {@code spanSeconds}. */
    void put(long cycle, double spanSeconds, Increment inc, TargetSample now) {
        if (inc.bounds != null && !Arrays.equals(bounds, inc.bounds)) {
            layout(inc.bounds);
        }
        boolean hasBuckets = inc.buckets != null;
        int base = slot(cycle) * fields;
        data[base + SPAN] = (float) spanSeconds;
        data[base + REQUESTS] = (float) inc.requests;
        data[base + SERVER_ERRORS] = (float) inc.serverErrors;
        data[base + LATENCY_SUM] = (float) inc.latencySum;
        data[base + LATENCY_COUNT] = (float) inc.latencyCount;
        data[base + RETRIES] = (float) inc.retries;
        data[base + OPEN_CONNECTIONS] = (float) now.openConnections();
        data[base + SERVERS_UP] = now.serversUp();
        data[base + SERVERS_REPORTED] = now.serversReported();
        for (int b = 0; b < fields - FIXED_FIELDS; b++) {
            data[base + FIXED_FIELDS + b] = hasBuckets ? (float) inc.buckets[b] : 0f;
        }
        slotCycle[slot(cycle)] = cycle;
    }

    boolean has(long cycle) {
        return slotCycle[slot(cycle)] == cycle;
    }

    float get(long cycle, int field) {
        return data[slot(cycle) * fields + field];
    }

    double[] bounds() {
        return bounds;
    }

    int bucketCount() {
        return fields - FIXED_FIELDS;
    }

    float bucket(long cycle, int bucket) {
        return data[slot(cycle) * fields + FIXED_FIELDS + bucket];
    }

    /** A new bucket layout makes the old slots incomparable: they are dropped, not mixed. */
    private void layout(double[] newBounds) {
        bounds = newBounds;
        fields = FIXED_FIELDS + (newBounds == null ? 0 : newBounds.length);
        data = new float[capacity * fields];
        Arrays.fill(slotCycle, -1);
    }

    private int slot(long cycle) {
        return (int) (cycle % capacity);
    }
}
