package io.routescale.autoscaler.policy;

import java.util.List;

/** The whole ConfigMap policy, validated. Immutable. */
public record Policy(List<TargetPolicy> targets) {
    public static final Policy EMPTY = new Policy(List.of());
}
