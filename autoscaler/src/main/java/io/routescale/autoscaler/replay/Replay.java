package io.routescale.autoscaler.replay;

import io.routescale.autoscaler.policy.Policy;
import io.routescale.autoscaler.policy.SignalKind;
import io.routescale.autoscaler.policy.SignalRule;
import io.routescale.autoscaler.policy.TargetPolicy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
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
     * @param progress   told after each target-policy run (for a progress bar; {@link #runs} in all), may be null
     */
    public static Report run(Trace trace, Policy policy, String policyName, Policy baselines, String baselinesName,
                             ClusterModel model, IntConsumer progress) throws ReplayException {
        return run(trace, policy, policyName, baselines, baselinesName, model, Sweep.DEFAULT, progress);
    }

    /**
     * @param sweep the targets the HPA and the KPA also run at, for their frontiers (fractions of the model's
     *              per-replica SLO rate)
     */
    public static Report run(Trace trace, Policy policy, String policyName, Policy baselines, String baselinesName,
                             ClusterModel model, Sweep sweep, IntConsumer progress) throws ReplayException {
        Map<String, TargetPolicy> byTarget = byTarget(policy);
        Map<String, TargetPolicy> baselineByTarget = byTarget(baselines);
        int n = trace.seconds();
        Accumulator routescale = new Accumulator(n);
        Accumulator oracle = new Accumulator(n);
        double[] load = new double[n];
        int[] done = {0};
        boolean baselinesHaveTargets = true;
        for (Map.Entry<String, double[]> e : trace.observed().entrySet()) {
            TargetPolicy p = forTarget(byTarget, e.getKey(), "the policy");
            TargetPolicy b = forTarget(baselineByTarget, e.getKey(), "the baselines' policy");
            baselinesHaveTargets &= rpsTarget(b) != null;
            double[] offered = trace.offered().get(e.getKey());
            for (int t = 0; t < n; t++) {
                load[t] += offered[t];
            }
            // Each starts where its own target puts it at second 0.
            routescale.add(Simulator.run(new RoutescaleScaler(p), e.getValue(), offered, model, start(startTarget(p, model), offered[0], p)));
            oracle.add(Simulator.oracle(offered, model));
            done[0] += 2;
            if (progress != null) {
                progress.accept(done[0]);
            }
        }
        PolicyResult rs = routescale.result();
        double rate = model.sloRatePerReplica();
        List<FrontierPoint> hpa = new ArrayList<>();
        List<FrontierPoint> kpa = new ArrayList<>();
        BiFunction<TargetPolicy, Double, Scaler> hpaAt = (b, target) -> new HpaScaler(target, b.minReplicas(), b.maxReplicas());
        BiFunction<TargetPolicy, Double, Scaler> kpaAt = (b, target) -> new KpaScaler(target, b.minReplicas(), b.maxReplicas());
        for (double fraction : sweep.fractions()) {
            double target = Math.round(fraction * rate * 100) / 100.0;
            hpa.add(point(target, fraction, baselineRun(trace, baselineByTarget, model, hpaAt, target, progress, done)));
            kpa.add(point(target, fraction, baselineRun(trace, baselineByTarget, model, kpaAt, target, progress, done)));
        }
        FrontierVerdict hpaVerdict = FrontierVerdict.of(rs, hpa, n);
        FrontierVerdict kpaVerdict = FrontierVerdict.of(rs, kpa, n);
        // The baselines' own runs: at the baseline policy's rpsPerReplica targets, or, for a policy declared by its
        // objective (no per-replica number to give them), at each one's best setting of the sweep.
        PolicyResult hpaRun = baselineRun(trace, baselineByTarget, model, hpaAt, baselinesHaveTargets ? null : hpaVerdict.bestTarget(), progress, done);
        PolicyResult kpaRun = baselineRun(trace, baselineByTarget, model, kpaAt, baselinesHaveTargets ? null : kpaVerdict.bestTarget(), progress, done);
        Map<String, PolicyResult> results = new LinkedHashMap<>();
        results.put("routescale", rs);
        results.put("hpa", hpaRun);
        results.put("kpa", kpaRun);
        results.put("oracle", oracle.result());
        Baselines frontiers = new Baselines(Math.round(rate * 100) / 100.0, List.copyOf(hpa), hpaVerdict, List.copyOf(kpa), kpaVerdict);
        return new Report(trace.name(), n, trace.observed().size(), model, policyName, baselinesName, results, frontiers, load);
    }

    /**
     * A baseline over every trace target, at each target's rpsPerReplica or, given, one target for all; each trace
     * target starts where that target puts it.
     */
    private static PolicyResult baselineRun(Trace trace, Map<String, TargetPolicy> baselineByTarget, ClusterModel model,
                                            BiFunction<TargetPolicy, Double, Scaler> scaler, Double target,
                                            IntConsumer progress, int[] done) throws ReplayException {
        Accumulator a = new Accumulator(trace.seconds());
        for (Map.Entry<String, double[]> e : trace.observed().entrySet()) {
            TargetPolicy b = forTarget(baselineByTarget, e.getKey(), "the baselines' policy");
            double t = target != null ? target : rpsTarget(b);
            double[] offered = trace.offered().get(e.getKey());
            a.add(Simulator.run(scaler.apply(b, t), e.getValue(), offered, model, start(t, offered[0], b)));
            if (progress != null) {
                progress.accept(++done[0]);
            }
        }
        return a.result();
    }

    /**
     * The per-replica rate routescale starts the count at: its rpsPerReplica target, or for an objective, its
     * configured first estimate at its utilization, else 60% of the model's SLO rate (a count a team might have set).
     */
    private static double startTarget(TargetPolicy p, ClusterModel model) {
        Double rps = rpsTarget(p);
        if (rps != null) {
            return rps;
        }
        if (p.objective() != null && p.objective().initialRpsPerReplica() != null) {
            return p.objective().initialRpsPerReplica() * p.objective().utilization();
        }
        return 0.6 * model.sloRatePerReplica();
    }

    private static FrontierPoint point(double target, double fraction, PolicyResult r) {
        return new FrontierPoint(target, fraction, r.sloViolationSeconds(), r.podSeconds(), r.requestsOverCapacity(),
                r.scaleActions(), r.directionChanges(), r.longestViolationSeconds());
    }

    /** routescale alone over every trace target (for a tuning sweep: no baselines, no oracle). */
    static PolicyResult routescaleOnly(Trace trace, Policy policy, ClusterModel model) throws ReplayException {
        Map<String, TargetPolicy> byTarget = byTarget(policy);
        Accumulator a = new Accumulator(trace.seconds());
        for (Map.Entry<String, double[]> e : trace.observed().entrySet()) {
            TargetPolicy p = forTarget(byTarget, e.getKey(), "the policy");
            double[] offered = trace.offered().get(e.getKey());
            a.add(Simulator.run(new RoutescaleScaler(p), e.getValue(), offered, model, start(startTarget(p, model), offered[0], p)));
        }
        return a.result();
    }

    /** How many target-policy runs a replay makes: four policies and two swept baselines per trace target. */
    public static int runs(Trace trace, Sweep sweep) {
        return trace.observed().size() * (4 + 2 * sweep.fractions().size());
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

    /** The policy's rpsPerReplica target; null when it has none (an objective, or other rules only). */
    private static Double rpsTarget(TargetPolicy p) {
        return p.signals().stream().filter(r -> r.kind() == SignalKind.RPS_PER_REPLICA)
                .map(SignalRule::target).findFirst().orElse(null);
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
