package io.routescale.autoscaler.act;

/**
 * What happened to one decision.
 *
 * @param result  what was done
 * @param written replicas (direct) or HPA floor (hpa) now in force; -1 when nothing was written
 * @param message why, for Events and logs
 */
public record Actuation(Result result, int written, String message) {
    public enum Result {
        /** The change was written. */
        WRITTEN,
        /** Nothing to write: the decision keeps the current count (or the HPA floor already matches). */
        UNCHANGED,
        /** Dry run: explained, not written. */
        DRY_RUN,
        /** Refused by design, e.g. a direct target that an HPA also scales. */
        REFUSED,
        /** Another writer changed the target meanwhile: the decision is dropped, the next cycle decides afresh. */
        SUPERSEDED,
        /** The API kept failing after retries. */
        FAILED
    }
}
