package io.routescale.autoscaler.decide;

/**
 * A signal's current values over the policy's two windows. Null is absent (no data, or stale data: a source
 * never hands stale values to the decision).
 *
 * @param stable value over the stable window (drives normal decisions)
 * @param fast   value over the fast window (detects bursts)
 */
public record Reading(Double stable, Double fast) {
}
