package io.routescale.autoscaler.policy;

import java.util.List;

/** A policy that cannot be used; every problem is listed with its place, e.g. {@code targets[1].maxReplicas}. */
public final class PolicyException extends Exception {
    private final List<String> problems;

    public PolicyException(List<String> problems) {
        super("invalid policy: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
