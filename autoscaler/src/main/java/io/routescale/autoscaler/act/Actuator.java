package io.routescale.autoscaler.act;

import io.routescale.autoscaler.cluster.ClusterException;
import io.routescale.autoscaler.decide.Decision;
import io.routescale.autoscaler.policy.Mode;
import io.routescale.autoscaler.policy.TargetPolicy;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes decisions, one owner per target:
 * <ul>
 *   <li>{@code direct}: patches {@code /scale}, and refuses when an HPA also scales the target (two writers
 *       on {@code spec.replicas} fight: kubernetes/kubernetes#25238);</li>
 *   <li>{@code hpa}: patches the named HPA's {@code minReplicas} floor (clamped to the HPA's maximum) and, for an
 *       objective target with {@code hpaMetric}, that metric's per-replica target to the learned value; it never
 *       touches the workload, so the HPA stays its only writer.</li>
 * </ul>
 * Writes carry the {@code resourceVersion} they were decided on. A conflict is re-read: if only status moved,
 * the write is retried; if the replicas moved, another writer acted and the decision is dropped. Server
 * errors and timeouts are retried with exponential backoff. Nothing is written when nothing changes.
 */
public final class Actuator {
    private final ScaleClient cluster;
    private final int attempts;
    private final Duration firstBackoff;
    private final Sleeper sleeper;

    /** Waits between retries; a test passes one that does not sleep. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    public Actuator(ScaleClient cluster, int attempts, Duration firstBackoff, Sleeper sleeper) {
        this.cluster = cluster;
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
        this.sleeper = sleeper;
    }

    /**
     * How far the learned per-replica rate must move before it is written into an HPA's metric target: the HPA
     * acts on nothing within its 10% tolerance, and rewriting the HPA for every small move of the estimate
     * would only churn the object and its watchers.
     */
    static final double LEARNED_TARGET_STEP = 0.05;

    public Actuation apply(TargetPolicy p, Decision d, ScaleState observed) {
        try {
            return p.mode() == Mode.DIRECT ? direct(p, d, observed) : hpa(p, d);
        } catch (ClusterException e) {
            return new Actuation(Actuation.Result.FAILED, -1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Actuation(Actuation.Result.FAILED, -1, "interrupted");
        }
    }

    private Actuation direct(TargetPolicy p, Decision d, ScaleState observed) throws ClusterException, InterruptedException {
        if (!d.changes()) {
            return new Actuation(Actuation.Result.UNCHANGED, -1, d.reason());
        }
        // Checked only when about to write: listing HPAs for every target every cycle costs more than it tells.
        List<HpaState> competing = cluster.hpasScaling(p.target());
        if (!competing.isEmpty()) {
            return new Actuation(Actuation.Result.REFUSED, -1, String.format(
                    "not scaling %s directly: HorizontalPodAutoscaler %s also scales it; two writers of spec.replicas fight. "
                            + "Use mode: hpa with hpa: %s, or remove the HPA", p.target(), competing.get(0).name(), competing.get(0).name()));
        }
        if (p.dryRun()) {
            return new Actuation(Actuation.Result.DRY_RUN, -1, "dry run: " + d.reason());
        }
        String rv = observed.resourceVersion();
        Duration backoff = firstBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                cluster.writeScale(p.target(), d.desired(), rv);
                return new Actuation(Actuation.Result.WRITTEN, d.desired(), d.reason());
            } catch (ClusterException e) {
                if (!e.retryable() || attempt >= attempts) {
                    throw e;
                }
                if (e.conflict()) {
                    ScaleState now = cluster.rereadScale(p.target());
                    if (now.specReplicas() != d.current()) {
                        return new Actuation(Actuation.Result.SUPERSEDED, -1, String.format(
                                "%s: replicas changed to %d by another writer while deciding %d -> %d; deciding again next cycle",
                                p.target(), now.specReplicas(), d.current(), d.desired()));
                    }
                    rv = now.resourceVersion();
                } else {
                    sleeper.sleep(backoff);
                    backoff = backoff.multipliedBy(2);
                }
            }
        }
    }

    private Actuation hpa(TargetPolicy p, Decision d) throws ClusterException, InterruptedException {
        Duration backoff = firstBackoff;
        boolean conflicted = false;
        for (int attempt = 1; ; attempt++) {
            Optional<HpaState> found = conflicted ? cluster.rereadHpa(p.target().namespace(), p.hpaName())
                    : cluster.readHpa(p.target().namespace(), p.hpaName());
            if (found.isEmpty()) {
                return new Actuation(Actuation.Result.REFUSED, -1, String.format(
                        "HorizontalPodAutoscaler %s/%s does not exist: holding (mode hpa never writes the workload)",
                        p.target().namespace(), p.hpaName()));
            }
            HpaState h = found.get();
            if (!h.targetName().equals(p.target().name()) || !h.targetKind().equals(p.target().kind())) {
                return new Actuation(Actuation.Result.REFUSED, -1, String.format(
                        "HorizontalPodAutoscaler %s/%s scales %s %s, not %s %s", h.namespace(), h.name(), h.targetKind(),
                        h.targetName(), p.target().kind(), p.target().name()));
            }
            int floor = Math.max(1, Math.min(d.desired(), h.maxReplicas()));
            HpaPatch patch = HpaPatch.floor(floor);
            if (p.hpaMetric() != null && d.learnedRpsPerReplica() != null) {
                Optional<HpaState.Metric> metric = h.metric(p.hpaMetric());
                if (metric.isEmpty() || !"AverageValue".equals(metric.get().targetType())) {
                    return new Actuation(Actuation.Result.REFUSED, -1, String.format(
                            "HorizontalPodAutoscaler %s/%s has no metric %s with an AverageValue target (hpaMetric): %s; holding",
                            h.namespace(), h.name(), p.hpaMetric(), metric.map(m -> "its target type is " + m.targetType())
                                    .orElse("its metrics are " + h.metrics().stream().map(HpaState.Metric::metricName).toList())));
                }
                double was = metric.get().averageValue();
                double learned = d.learnedRpsPerReplica();
                if (Double.isNaN(was) || Math.abs(learned / was - 1) > LEARNED_TARGET_STEP) {
                    patch = new HpaPatch(floor, metric.get(), learned);
                }
            }
            if (floor == h.minReplicas() && patch.metric() == null) {
                return new Actuation(Actuation.Result.UNCHANGED, -1, d.reason());
            }
            String change = describe(h, patch);
            if (p.dryRun()) {
                return new Actuation(Actuation.Result.DRY_RUN, -1, "dry run: " + change + "; " + d.reason());
            }
            try {
                cluster.patchHpa(h.namespace(), h.name(), patch, h.resourceVersion());
                return new Actuation(Actuation.Result.WRITTEN, floor, change + "; " + d.reason());
            } catch (ClusterException e) {
                if (!e.retryable() || attempt >= attempts) {
                    throw e;
                }
                conflicted = e.conflict();
                if (!conflicted) {
                    sleeper.sleep(backoff);
                    backoff = backoff.multipliedBy(2);
                }
            }
        }
    }

    private static String describe(HpaState h, HpaPatch patch) {
        StringBuilder s = new StringBuilder("HPA ").append(h.name());
        if (patch.minReplicas() != h.minReplicas()) {
            s.append(" minReplicas ").append(h.minReplicas()).append(" -> ").append(patch.minReplicas());
        }
        if (patch.metric() != null) {
            s.append(patch.minReplicas() != h.minReplicas() ? "," : "").append(String.format(Locale.ROOT,
                    " %s target %s -> %.1f/replica (learned)", patch.metric().metricName(),
                    Double.isNaN(patch.metric().averageValue()) ? "unset" : String.format(Locale.ROOT, "%.1f", patch.metric().averageValue()),
                    patch.averageValue()));
        }
        return s.toString();
    }
}
