package io.routescale.autoscaler.explain;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.routescale.autoscaler.act.Actuation;
import io.routescale.autoscaler.decide.Decision;
import io.routescale.autoscaler.policy.PolicyStatus;
import io.routescale.autoscaler.policy.TargetPolicy;

import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** The autoscaler's own metrics: what it decided, what it wrote, what went wrong. */
public final class AutoscalerMetrics implements PolicyStatus {
    private final Gauge desired;
    private final Gauge current;
    private final Gauge max;
    private final Gauge burst;
    private final Gauge signalsMissing;
    private final Gauge lastScale;
    private final Gauge pending;
    private final Gauge learnedCapacity;
    private final Counter decisions;
    private final Counter errors;
    private final Gauge policyValid;
    private final Gauge policyTargets;
    private final Counter policyRejections;
    private final Gauge leader;
    private final Histogram cycle;
    private final Gauge signalAge;
    private final PrometheusRegistry registry;

    public AutoscalerMetrics(PrometheusRegistry registry) {
        this.registry = registry;
        String[] target = {"namespace", "target"};
        desired = Gauge.builder().name("routescale_autoscaler_desired_replicas").help("Replicas the latest decision wants.").labelNames(target).register(registry);
        current = Gauge.builder().name("routescale_autoscaler_current_replicas").help("Replicas the target had when decided on.").labelNames(target).register(registry);
        max = Gauge.builder().name("routescale_autoscaler_max_replicas").help("The policy's maxReplicas for the target.").labelNames(target).register(registry);
        burst = Gauge.builder().name("routescale_autoscaler_burst").help("1 while the target is in burst (panic) mode.").labelNames(target).register(registry);
        signalsMissing = Gauge.builder().name("routescale_autoscaler_signals_missing").help("1 when no rule of the target had fresh data (holding).").labelNames(target).register(registry);
        pending = Gauge.builder().name("routescale_autoscaler_pending_replicas")
                .help("Replicas the scheduler cannot place (Pending, Unschedulable): waiting for nodes, not starting.").labelNames(target).register(registry);
        learnedCapacity = Gauge.builder().name("routescale_autoscaler_learned_capacity_rps_per_replica")
                .help("An objective target's learned capacity: the per-replica rate at which its objective holds.").labelNames(target).register(registry);
        lastScale = Gauge.builder().name("routescale_autoscaler_last_scale_timestamp_seconds").help("When a change was last written for the target.").unit(Unit.SECONDS).labelNames(target).register(registry);
        decisions = Counter.builder().name("routescale_autoscaler_decisions_total").help("Decisions by outcome: written, unchanged, dry_run, refused, superseded, failed.").labelNames("namespace", "target", "result").register(registry);
        errors = Counter.builder().name("routescale_autoscaler_errors_total").help("Errors by kind: api (Kubernetes), events (Event writes), policy (ConfigMap unreadable), pods (a target's pods unlistable), leadership (Lease lost mid-cycle).").labelNames("kind").register(registry);
        for (String kind : new String[] {"api", "events", "policy"}) {
            errors.initLabelValues(kind);
        }
        policyValid = Gauge.builder().name("routescale_autoscaler_policy_valid").help("1 when the ConfigMap policy in force is the ConfigMap's current content; 0 when its current content was rejected.").register(registry);
        policyTargets = Gauge.builder().name("routescale_autoscaler_policy_targets").help("Targets in the policy in force.").register(registry);
        policyRejections = Counter.builder().name("routescale_autoscaler_policy_rejections_total").help("ConfigMap contents rejected as invalid.").register(registry);
        leader = Gauge.builder().name("routescale_autoscaler_leader").help("1 on the replica that holds the Lease and acts.").register(registry);
        signalAge = Gauge.builder().name("routescale_autoscaler_signal_age_seconds")
                .help("Age of the oldest data behind the last signal read; absent when the read found none.")
                .unit(Unit.SECONDS).labelNames("source").register(registry);
        cycle = Histogram.builder().name("routescale_autoscaler_cycle_duration_seconds").help("One decision cycle over every target.").unit(Unit.SECONDS)
                .classicOnly().classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10).register(registry);
    }

    /**
     * {@code routescale_autoscaler_cluster_cache_ready{cache}}: 1 while a cache of the watched cluster view answers
     * (synced, list and watch not failing), 0 while its targets are held for want of it; read when scraped.
     */
    public void clusterCaches(Supplier<Map<String, Boolean>> ready) {
        GaugeWithCallback.builder().name("routescale_autoscaler_cluster_cache_ready")
                .help("1 while a cache of the watched cluster view answers (synced, list and watch not failing); 0 while the targets read from it are held.")
                .labelNames("cache").callback(cb -> ready.get().forEach((cache, ok) -> cb.call(ok ? 1 : 0, cache))).register(registry);
    }

    public void decided(TargetPolicy p, Decision d, Actuation a, double nowSeconds) {
        String ns = p.target().namespace();
        String name = p.target().name();
        desired.labelValues(ns, name).set(d.desired());
        current.labelValues(ns, name).set(d.current());
        max.labelValues(ns, name).set(p.maxReplicas());
        burst.labelValues(ns, name).set(d.burst() ? 1 : 0);
        signalsMissing.labelValues(ns, name).set(d.signalsMissing() ? 1 : 0);
        pending.labelValues(ns, name).set(d.unschedulable());
        decisions.labelValues(ns, name, a.result().name().toLowerCase(Locale.ROOT)).inc();
        if (a.result() == Actuation.Result.WRITTEN) {
            lastScale.labelValues(ns, name).set(nowSeconds);
        }
        if (d.memory().capacity() != null) {
            learnedCapacity.labelValues(ns, name).set(d.memory().capacity().rpsPerReplica());
        }
    }

    /** Stops publishing a target the policy no longer has. */
    public void forget(String namespace, String name) {
        for (Gauge g : new Gauge[] {desired, current, max, burst, signalsMissing, pending, lastScale, learnedCapacity}) {
            g.remove(namespace, name);
        }
    }

    @Override
    public void error(String kind) {
        errors.labelValues(kind).inc();
    }

    @Override
    public void policy(boolean valid, int targets) {
        policyValid.set(valid ? 1 : 0);
        policyTargets.set(targets);
    }

    @Override
    public void policyRejected() {
        policyRejections.inc();
        policyValid.set(0);
    }

    public void leader(boolean isLeader) {
        leader.set(isLeader ? 1 : 0);
    }

    public void signalAge(String source, java.util.OptionalDouble seconds) {
        if (seconds.isPresent()) {
            signalAge.labelValues(source).set(seconds.getAsDouble());
        } else {
            signalAge.remove(source);
        }
    }

    public void cycle(double seconds) {
        cycle.observe(seconds);
    }
}
