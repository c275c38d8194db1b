package io.routescale.exporter.signal;

import io.micronaut.core.annotation.Nullable;
import io.routescale.exporter.parse.RejectReason;

/**
 * What the exposition and {@code /signals} read: the signals of the last good scrape and whether the latest
 * attempt succeeded. Immutable; replaced whole after every scrape attempt.
 *
 * @param signals           signals of the last successful scrape ({@link SignalSet#EMPTY} before one)
 * @param traefikUp         whether the latest attempt succeeded
 * @param lastAttemptMillis when the latest attempt ended (epoch ms), 0 before one
 * @param lastError         why the latest failed attempt failed; null after a success
 * @param lastErrorMessage  its message
 */
public record ExporterState(SignalSet signals, boolean traefikUp, long lastAttemptMillis,
                            @Nullable RejectReason lastError, @Nullable String lastErrorMessage) {
    public static final ExporterState INITIAL = new ExporterState(SignalSet.EMPTY, false, 0, null, null);

    public boolean hasSignals() {
        return signals.atMillis() > 0;
    }

    /** Seconds since the data behind the signals was scraped; infinite before the first scrape. */
    public double ageSeconds(long nowMillis) {
        return hasSignals() ? Math.max(0, nowMillis - signals.atMillis()) / 1000.0 : Double.POSITIVE_INFINITY;
    }
}
