package io.routescale.autoscaler.decide;

import java.time.Instant;

/** A raw recommendation, before stabilization (HPA {@code timestampedRecommendation}). */
public record Recommendation(Instant at, int replicas) {
}
