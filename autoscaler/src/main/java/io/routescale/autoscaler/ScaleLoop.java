package io.routescale.autoscaler;

import io.routescale.autoscaler.act.Actuation;
import io.routescale.autoscaler.act.Actuator;
import io.routescale.autoscaler.act.ScaleClient;
import io.routescale.autoscaler.cluster.ClusterException;
import io.routescale.autoscaler.act.ScaleState;
import io.routescale.autoscaler.act.Unschedulable;
import io.routescale.autoscaler.decide.Decision;
import io.routescale.autoscaler.decide.Observation;
import io.routescale.autoscaler.decide.TargetMemory;
import io.routescale.autoscaler.decide.TargetStep;
import io.routescale.autoscaler.explain.AutoscalerMetrics;
import io.routescale.autoscaler.explain.Explainer;
import io.routescale.autoscaler.policy.Policy;
import io.routescale.autoscaler.policy.SignalRule;
import io.routescale.autoscaler.policy.SignalSelector;
import io.routescale.autoscaler.policy.TargetPolicy;
import io.routescale.autoscaler.signals.Readings;
import io.routescale.autoscaler.signals.SelectorValues;
import io.routescale.autoscaler.signals.SignalSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One cycle over every target: policy, signals, decide, act, explain. Signals for all targets are read in one
 * go; each target's failure stays its own. What the decision remembers lives here, per target, and starts
 * afresh (conservatively) when this replica becomes leader.
 */
public final class ScaleLoop {
    private static final Logger LOG = LoggerFactory.getLogger(ScaleLoop.class);
    private final Supplier<Policy> policy;
    private final SignalSource signals;
    private final ScaleClient cluster;
    private final TargetStep step;
    private final Actuator actuator;
    private final Explainer explainer;
    private final AutoscalerMetrics metrics;
    private final Clock clock;
    private final Map<String, TargetMemory> memories = new HashMap<>();
    private volatile BooleanSupplier leading = () -> true;

    /** What one cycle did, for tests and the benchmark. */
    public record CycleReport(List<Decision> decisions, List<Actuation> actuations, int writes) {
    }

    public ScaleLoop(Supplier<Policy> policy, SignalSource signals, ScaleClient cluster, TargetStep step, Actuator actuator,
                     Explainer explainer, AutoscalerMetrics metrics, Clock clock) {
        this.policy = policy;
        this.signals = signals;
        this.cluster = cluster;
        this.step = step;
        this.actuator = actuator;
        this.explainer = explainer;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Asked before each target: a replica that loses its Lease in the middle of a long cycle stops there, so the
     * new leader is never written against (the resourceVersion check would catch a race; this avoids it).
     */
    public void whileLeading(BooleanSupplier leading) {
        this.leading = leading;
    }

    /** Leadership just started: forget everything, so no scale-down happens before a full fresh window. */
    public synchronized void reset() {
        memories.clear();
    }

    public synchronized CycleReport runOnce() {
        long start = System.nanoTime();
        Policy p = policy.get();
        Set<SignalSelector> wanted = new HashSet<>();
        for (TargetPolicy t : p.targets()) {
            for (SignalRule r : t.signals()) {
                wanted.add(r.source());
            }
        }
        Map<SignalSelector, SelectorValues> values = wanted.isEmpty() ? Map.of() : signals.read(wanted);
        metrics.signalAge(signals.name(), signals.lastAgeSeconds());
        List<Decision> decisions = new ArrayList<>();
        List<Actuation> actuations = new ArrayList<>();
        int writes = 0;
        Set<String> seen = new HashSet<>();
        for (TargetPolicy t : p.targets()) {
            String key = key(t);
            seen.add(key);
            if (!leading.getAsBoolean()) {
                metrics.error("leadership");
                LOG.warn("leadership lost in the middle of a cycle: stopping before {}; the new leader decides the rest", t.target());
                break;
            }
            Instant now = clock.instant();
            ScaleState state;
            try {
                state = cluster.readScale(t.target());
            } catch (ClusterException e) {
                explainer.readFailed(t, e);
                continue;
            }
            TargetMemory memory = memories.computeIfAbsent(key, k -> TargetStep.firstMemory(now));
            Unschedulable waiting = unschedulable(t, state);
            Observation o = new Observation(state.specReplicas(), state.readyReplicas(), Readings.of(t, values),
                    waiting.pods(), waiting.message());
            TargetStep.Outcome<Actuation> step = this.step.run(t, o, memory, now, d -> actuator.apply(t, d, state),
                    a -> a.result() == Actuation.Result.WRITTEN);
            Decision d = step.decision();
            Actuation a = step.action();
            if (a.result() == Actuation.Result.WRITTEN) {
                writes++;
            }
            memories.put(key, step.memory());
            explainer.explain(t, d, a, now.toEpochMilli() / 1000.0);
            decisions.add(d);
            actuations.add(a);
        }
        memories.keySet().removeIf(k -> {
            if (seen.contains(k)) {
                return false;
            }
            String[] parts = k.split("/");
            metrics.forget(parts[0], parts[2]);
            return true;
        });
        metrics.cycle((System.nanoTime() - start) / 1e9);
        return new CycleReport(decisions, actuations, writes);
    }

    /** Pods are listed only while some are not ready: a steady target costs no read for it. */
    private Unschedulable unschedulable(TargetPolicy t, ScaleState state) {
        if (state.readyReplicas() >= state.specReplicas() || state.selector().isEmpty()) {
            return Unschedulable.NONE;
        }
        try {
            return cluster.unschedulable(t.target(), state.selector());
        } catch (ClusterException e) {
            // Unknown is not "none can run": the decision goes on as if they were starting.
            metrics.error("pods");
            LOG.warn("cannot list the pods of {}: {}", t.target(), e.getMessage());
            return Unschedulable.NONE;
        }
    }

    private static String key(TargetPolicy t) {
        return t.target().namespace() + "/" + t.target().kind() + "/" + t.target().name();
    }
}
