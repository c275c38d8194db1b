package io.routescale.autoscaler.decide;

/**
 * A signal's current values over the policy's two windows. Null is absent (no data, or stale data: a source
 * never hands stale values to the decision).
 *
 * @param stable   value over the stable window (drives normal decisions)
 * @param fast     value over the fast window (detects bursts)
 * @param complete false when some Traefik replica could not be read: the values are then a lower bound,
 *                 good enough to scale up on, never to scale down on
 */
public record Reading(Double stable, Double fast, boolean complete) {
    public Reading(Double stable, Double fast) {
        this(stable, fast, true);
    }
}
