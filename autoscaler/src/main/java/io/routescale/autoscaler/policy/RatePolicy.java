package io.routescale.autoscaler.policy;

import java.time.Duration;

/** HPA {@code HPAScalingPolicy}: at most {@code value} pods or percent per {@code period}. */
public record RatePolicy(Type type, int value, Duration period) {
    public enum Type { PODS, PERCENT }
}
