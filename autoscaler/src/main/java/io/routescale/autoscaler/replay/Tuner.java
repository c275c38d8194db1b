package io.routescale.autoscaler.replay;

import io.micronaut.serde.annotation.Serdeable;
import io.routescale.autoscaler.policy.Policy;
import io.routescale.autoscaler.policy.PolicyException;
import io.routescale.autoscaler.policy.PolicyParser;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code replay --tune}: on one input, replays a grid of policies and picks the cheapest that keeps 99.9% of the
 * seconds within the SLO (the same budget as a baseline's best setting), or, when none does, the one with the
 * fewest violations. The grid: the default objective policy at utilizations 0.8 to 0.95, and rpsPerReplica rules at
 * every target of the sweep, with tolerance 0.05 or 0.1 and scale-down stabilization 15, 60 or 300 s. Every trace
 * target gets the same settings.
 */
public final class Tuner {
    static final double[] UTILIZATIONS = {0.8, 0.85, 0.9, 0.95};
    static final double[] TOLERANCES = {0.05, 0.1};
    static final int[] DOWN_WINDOWS = {15, 60, 300};

    private Tuner() {
    }

    /**
     * One policy of the grid and what it did.
     *
     * @param settings what it sets, e.g. {@code rpsPerReplica 69.3, tolerance 0.05, scaleDown 60s}
     * @param policy   the policy YAML
     */
    @Serdeable
    public record Candidate(String settings, String policy, long sloViolationSeconds, double podSeconds, int directionChanges) {
    }

    /**
     * @param best     the policy written
     * @param frontier the candidates no other is both cheaper and better than, cheapest first
     * @param all      every candidate, in grid order
     */
    @Serdeable
    public record Result(String trace, int seconds, ClusterModel model, Candidate best, List<Candidate> frontier, List<Candidate> all) {
    }

    public static Result tune(Trace trace, ClusterModel model, Sweep sweep) throws ReplayException {
        List<Candidate> all = new ArrayList<>();
        for (double u : UTILIZATIONS) {
            all.add(run(trace, model, String.format(Locale.ROOT, "objective p99 %s s, utilization %s", num(model.sloSeconds()), num(u)),
                    target -> "objective: {p99Latency: " + model.sloSeconds() + ", utilization: " + u + "}"));
        }
        double rate = model.sloRatePerReplica();
        for (double fraction : sweep.fractions()) {
            double rps = Math.round(fraction * rate * 100) / 100.0;
            for (double tolerance : TOLERANCES) {
                for (int down : DOWN_WINDOWS) {
                    all.add(run(trace, model, String.format(Locale.ROOT, "rpsPerReplica %s, tolerance %s, scaleDown %ds", num(rps), num(tolerance), down),
                            target -> "tolerance: " + tolerance + ", behavior: {scaleDown: {stabilizationWindowSeconds: " + down
                                    + "}}, signals: [{type: rpsPerReplica, target: " + rps + "}]"));
                }
            }
        }
        double budget = FrontierVerdict.ERROR_BUDGET * trace.seconds();
        Candidate best = all.stream().filter(c -> c.sloViolationSeconds() <= budget).min(Comparator.comparingDouble(Candidate::podSeconds))
                .orElseGet(() -> all.stream().min(Comparator.comparingLong(Candidate::sloViolationSeconds)
                        .thenComparingDouble(Candidate::podSeconds)).orElseThrow());
        return new Result(trace.name(), trace.seconds(), model, best, frontier(all), List.copyOf(all));
    }

    /** The candidates not dominated (fewer or equal violations at fewer or equal pod-seconds) by another. */
    static List<Candidate> frontier(List<Candidate> all) {
        List<Candidate> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingDouble(Candidate::podSeconds).thenComparingLong(Candidate::sloViolationSeconds));
        List<Candidate> out = new ArrayList<>();
        long fewest = Long.MAX_VALUE;
        for (Candidate c : sorted) {
            if (c.sloViolationSeconds() < fewest) {
                out.add(c);
                fewest = c.sloViolationSeconds();
            }
        }
        return List.copyOf(out);
    }

    private static Candidate run(Trace trace, ClusterModel model, String settings, java.util.function.Function<String, String> body)
            throws ReplayException {
        StringBuilder yaml = new StringBuilder("# replay --tune on ").append(trace.name()).append(": ").append(settings).append('\n');
        yaml.append("targets:\n");
        for (String target : trace.observed().keySet()) {
            String[] nsName = target.split("/");
            yaml.append(String.format(Locale.ROOT, "  - {namespace: %s, name: %s, maxReplicas: 1000, %s}%n", nsName[0], nsName[1], body.apply(target)));
        }
        Policy policy;
        try {
            policy = new PolicyParser().parse(yaml.toString());
        } catch (PolicyException e) {
            throw new IllegalStateException("the tuner wrote a policy its own parser rejects: " + e.getMessage(), e);
        }
        PolicyResult r = Replay.routescaleOnly(trace, policy, model);
        return new Candidate(settings, yaml.toString(), r.sloViolationSeconds(), r.podSeconds(), r.directionChanges());
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
