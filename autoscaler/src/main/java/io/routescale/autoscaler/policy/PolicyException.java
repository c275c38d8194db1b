package io.routescale.autoscaler.policy;

import java.util.ArrayList;
import java.util.List;

/** A policy that cannot be used; every problem is listed with its place, e.g. {@code targets[1].maxReplicas}. */
public final class PolicyException extends Exception {
    /** Problems listed at most: a policy of 10,000 bad targets is told what is wrong without a 10,000-line log. */
    static final int MAX_LISTED = 20;

    private final List<String> problems;

    public PolicyException(List<String> problems) {
        this(listed(problems), true);
    }

    private PolicyException(List<String> listed, boolean bounded) {
        super("invalid policy: " + String.join("; ", listed));
        this.problems = listed;
    }

    /** The problems, the first {@link #MAX_LISTED} of them and a count of the rest. */
    public List<String> problems() {
        return problems;
    }

    private static List<String> listed(List<String> problems) {
        if (problems.size() <= MAX_LISTED) {
            return List.copyOf(problems);
        }
        List<String> listed = new ArrayList<>(problems.subList(0, MAX_LISTED));
        listed.add("and " + (problems.size() - MAX_LISTED) + " more problems");
        return List.copyOf(listed);
    }
}
