package io.routescale.autoscaler.replay;

import io.routescale.autoscaler.policy.Policy;
import io.routescale.autoscaler.policy.SignalKind;
import io.routescale.autoscaler.policy.SignalRule;
import io.routescale.autoscaler.policy.TargetPolicy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Runs routescale's policy and the three baselines over every target of a trace, with the same model and
 * the same start (each at the replicas its own target ratio asks for at second 0). Deterministic.
 */
public final class Replay {
    private Replay() {
    }

    /** Runs with the baselines at the policy's own targets. */
    public static Report run(Trace trace, Policy policy, ClusterModel model, String policyName, IntConsumer progress)
            throws ReplayException {
        return run(trace, policy, policyName, policy, policyName, model, progress);
    }

    /**
     * @param policy     routescale's policy; a trace target it does not name is an error
     * @param baselines  where the HPA's and the KPA's rpsPerReplica target for each trace target comes from
     *                   (a team compares its HPA as it runs today with the policy it is considering)
     * @param progress   told after each target-policy run (for a progress bar), may be null
     */
    public static Report run(Trace trace, Policy policy, String policyName, Policy baselines, String baselinesName,
                             ClusterModel model, IntConsumer progress) throws ReplayException {
        Map<String, TargetPolicy> byTarget = byTarget(policy);
        Map<String, TargetPolicy> baselineByTarget = byTarget(baselines);
        int n = trace.seconds();
        Map<String, Accumulator> acc = new LinkedHashMap<>();
        for (String name : new String[] {"routescale", "hpa", "kpa", "oracle"}) {
            acc.put(name, new Accumulator(n));
        }
        double[] load = new double[n];
        int done = 0;
        for (Map.Entry<String, double[]> e : trace.observed().entrySet()) {
            TargetPolicy p = forTarget(byTarget, e.getKey(), "the policy");
            TargetPolicy b = forTarget(baselineByTarget, e.getKey(), "the baselines' policy");
            double target = rpsTarget(p, e.getKey());
            double baselineTarget = rpsTarget(b, e.getKey());
            double[] observed = e.getValue();
            double[] offered = trace.offered().get(e.getKey());
            for (int t = 0; t < n; t++) {
                load[t] += offered[t];
            }
            Scaler[] scalers = {new RoutescaleScaler(p), new HpaScaler(baselineTarget, b.minReplicas(), b.maxReplicas()),
                    new KpaScaler(baselineTarget, b.minReplicas(), b.maxReplicas())};
            for (Scaler s : scalers) {
                // Each starts where its own target puts it at second 0.
                int start = s instanceof RoutescaleScaler ? start(target, offered[0], p) : start(baselineTarget, offered[0], b);
                acc.get(s.name()).add(Simulator.run(s, observed, offered, model, start));
                if (progress != null) {
                    progress.accept(++done);
                }
            }
            acc.get("oracle").add(Simulator.oracle(offered, model));
            if (progress != null) {
                progress.accept(++done);
            }
        }
        Map<String, PolicyResult> results = new LinkedHashMap<>();
        acc.forEach((name, a) -> results.put(name, a.result()));
        return new Report(trace.name(), n, trace.observed().size(), model, policyName, baselinesName, results, load);
    }

    private static Map<String, TargetPolicy> byTarget(Policy policy) {
        Map<String, TargetPolicy> byTarget = new LinkedHashMap<>();
        for (TargetPolicy t : policy.targets()) {
            byTarget.put(t.target().namespace() + "/" + t.target().name(), t);
        }
        return byTarget;
    }

    private static TargetPolicy forTarget(Map<String, TargetPolicy> byTarget, String target, String which)
            throws ReplayException {
        TargetPolicy p = byTarget.get(target);
        if (p == null) {
            throw new ReplayException("trace target '" + target + "' is not in " + which + " (targets: "
                    + String.join(", ", byTarget.keySet()) + ")");
        }
        return p;
    }

    private static double rpsTarget(TargetPolicy p, String target) throws ReplayException {
        return p.signals().stream().filter(r -> r.kind() == SignalKind.RPS_PER_REPLICA)
                .mapToDouble(SignalRule::target).findFirst().orElseThrow(() -> new ReplayException(
                        "policy of " + target + " has no rpsPerReplica rule: the baselines need its target"));
    }

    private static int start(double target, double firstLoad, TargetPolicy p) {
        return Math.max(p.minReplicas(), Math.min(p.maxReplicas(), (int) Math.ceil(firstLoad / target)));
    }

    /** Sums runs over targets. */
    private static final class Accumulator {
        final int[] replicas;
        final double[] p99;
        long violations;
        double over;
        double pods;
        int actions;
        int changes;
        int longest;

        Accumulator(int n) {
            replicas = new int[n];
            p99 = new double[n];
        }

        void add(Simulator.Run r) {
            for (int t = 0; t < r.spec().length; t++) {
                replicas[t] += r.spec()[t];
                p99[t] = Math.max(p99[t], Math.min(Simulator.LATENCY_CAP, Math.round(r.p99()[t] * 1e4) / 1e4));
            }
            violations += r.sloViolationSeconds();
            over += r.overCapacity();
            pods += r.podSeconds();
            actions += r.scaleActions();
            changes += r.directionChanges();
            longest = Math.max(longest, r.longestViolation());
        }

        PolicyResult result() {
            return new PolicyResult(violations, Math.round(over * 10) / 10.0, Math.round(pods * 10) / 10.0, actions,
                    changes, longest, replicas, p99);
        }
    }
}
