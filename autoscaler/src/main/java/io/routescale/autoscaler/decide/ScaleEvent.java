package io.routescale.autoscaler.decide;

import java.time.Instant;

/** A replica change that was written, for rate limits (HPA {@code timestampedScaleEvent}). */
public record ScaleEvent(Instant at, int from, int to) {
    public int change() {
        return to - from;
    }
}
