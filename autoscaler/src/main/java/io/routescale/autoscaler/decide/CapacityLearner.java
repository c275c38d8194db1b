package io.routescale.autoscaler.decide;

import io.routescale.autoscaler.policy.Objective;
import io.routescale.autoscaler.policy.SignalKind;
import io.routescale.autoscaler.policy.SignalRule;
import io.routescale.autoscaler.policy.TargetPolicy;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Learns, from a target's own windows, the per-replica rate at which its objective holds. Pure: the estimate
 * comes in with the memory and goes out with it.
 *
 * <p>Latency says little about capacity until the knee: with several workers per pod the p99 stays near the
 * service time up to 85-90% of the rate that breaks the objective, then rises steeply. So the estimate is not
 * extrapolated from far below; it is explored from where the service already is. It starts at the load the
 * current count serves within the objective (or a configured first value), and rises only on evidence gathered
 * near it: a clean window within the objective at a higher per-replica rate raises it to that rate, and clean
 * windows near the target whose p99 has used less than half the way from its no-queueing floor to the
 * objective raise it by at most 5% a minute, the less the more of that way is used. A window that misses the
 * objective at or below the estimate lowers it at once (at most 3% a decision, never below 95% of the rate that
 * missed), makes that rate a ceiling exploration stays 3% below (forgotten by 1% every 10 minutes), and stops
 * exploration for 10 minutes: additive increase, multiplicative decrease, so a steady load does not hunt around
 * the knee. Only clean windows count: fresh and complete, every pod ready, no change of count inside the fast
 * window, no burst in force.
 */
final class CapacityLearner {
    /** Growth of the estimate per second when the latency shows all of its headroom: 5% a minute. */
    static final double EXPLORE_PER_SECOND = 0.05 / 60;
    /** Windows below this share of the target say nothing about whether the estimate could be higher. */
    static final double NEAR = 0.9;
    /**
     * The estimate grows while the p99 near it has used less than this share of the way from its no-queueing
     * floor to the objective, and the less of it, the faster.
     */
    static final double MAX_RISE = 0.5;
    /** The learned rule's own scale-up tolerance: its target already carries the headroom. */
    static final double UP_TOLERANCE = 0.02;
    /** The most one missed window lowers the estimate. */
    static final double MAX_CUT = 0.03;
    /** How long exploration waits after a miss lowered the estimate (additive increase after a multiplicative cut). */
    static final Duration EXPLORE_BACKOFF = Duration.ofMinutes(10);
    /** How fast the ceiling of a past miss is forgotten: 1% per 10 minutes, so a faster release is found again. */
    static final double CEILING_FORGET_PER_SECOND = 0.01 / 600;
    /** Which re-rise the target keeps room for. */
    static final double RISE_QUANTILE = 0.9;

    private CapacityLearner() {
    }

    /**
     * The share of the capacity each replica is given: the headroom for the rise the load itself made within a
     * pod start-up plus a fast window in 95% of the last half hour's steps (smooth traffic runs close to its
     * capacity, bursty traffic keeps room), at most the objective's utilization; 0.85 of it until 5 minutes are known.
     */
    static double share(TargetPolicy p, LoadHistory loads) {
        int horizon = (int) p.podStartup().toSeconds() + Integer.parseInt(p.fastWindow().replace("s", ""));
        double rise = loads.reRise(horizon, RISE_QUANTILE);
        double u = p.objective().utilization();
        double share = Double.isNaN(rise) ? 0.85 * u : Math.min(u, 1 / Math.min(2, rise));
        // The top of the rule's tolerance band, not its middle, is what must stay within the capacity.
        return share / (1 + UP_TOLERANCE);
    }

    /** The learned rule's target now: the estimate times {@link #share}; null while nothing is known. */
    static Double target(TargetPolicy p, TargetMemory m) {
        LearnedCapacity c = m.capacity();
        double share = share(p, m.loads());
        if (c != null) {
            return c.rpsPerReplica() * share;
        }
        Double initial = p.objective().initialRpsPerReplica();
        return initial == null ? null : initial * share;
    }

    /** The estimate after this decision's windows; unchanged when they are not clean. */
    static LearnedCapacity learn(TargetPolicy p, Observation o, TargetMemory m, Instant now, boolean inBurst) {
        LearnedCapacity c = m.capacity();
        Objective objective = p.objective();
        Reading rps = reading(p, o, SignalKind.LEARNED_RPS_PER_REPLICA);
        Reading p99 = reading(p, o, SignalKind.P99_LATENCY);
        Reading errors = reading(p, o, SignalKind.ERROR_RATIO_GUARD);
        // The fast window: it sees the peaks. Every pod ready and no change inside it: it saw only this count.
        Duration settle = window(p.fastWindow());
        boolean clean = rps != null && rps.fast() != null && rps.complete() && p99 != null && p99.fast() != null
                && p99.complete() && !inBurst && o.readyReplicas() == o.specReplicas() && o.readyReplicas() > 0
                && (m.lastChangeAt() == null || !now.isBefore(m.lastChangeAt().plus(settle)));
        if (!clean) {
            return c;
        }
        double x = rps.fast() / o.readyReplicas();
        double y = p99.fast();
        boolean missed = y > objective.p99Seconds() || errors != null && errors.fast() != null && errors.fast() > objective.errorRatio();
        if (!(x > 0)) {
            return c;
        }
        if (c == null) {
            double start = objective.initialRpsPerReplica() != null ? objective.initialRpsPerReplica() : x;
            double estimate = missed ? Math.min(start, 0.95 * x) : Math.max(start, x);
            return new LearnedCapacity(estimate, y, now, 1, x / estimate, x / estimate);
        }
        double estimate = c.rpsPerReplica();
        double floor = Math.min(c.floorP99(), y);
        double seconds = decisionSeconds(m, now);
        double ceiling = Double.isNaN(c.ceiling()) ? Double.NaN : c.ceiling() * (1 + CEILING_FORGET_PER_SECOND * seconds);
        Instant lastCutAt = c.lastCutAt();
        if (missed) {
            if (x <= estimate * 1.05) {
                // The objective failed at or below the estimate: it is too high, and that rate is a ceiling.
                estimate = Math.max(estimate * (1 - MAX_CUT), Math.min(estimate, 0.95 * x));
                ceiling = Double.isNaN(ceiling) ? x : Math.min(ceiling, x);
                lastCutAt = now;
            }
            // Missed above the estimate: expected there, no news.
        } else {
            if (x > estimate) {
                estimate = x;   // served within the objective at this rate: at least this much
                if (!Double.isNaN(ceiling) && x >= ceiling) {
                    ceiling = Double.NaN;   // the old miss no longer holds
                }
            }
            boolean backingOff = lastCutAt != null && now.isBefore(lastCutAt.plus(EXPLORE_BACKOFF));
            if (!backingOff && x >= NEAR * estimate * share(p, m.loads())) {
                double rise = objective.p99Seconds() <= floor ? 1
                        : Math.max(0, Math.min(1, (y - floor) / (objective.p99Seconds() - floor)));
                if (rise < MAX_RISE) {
                    double explored = estimate * (1 + EXPLORE_PER_SECOND * (MAX_RISE - rise) / MAX_RISE * seconds);
                    estimate = Double.isNaN(ceiling) ? explored : Math.max(estimate, Math.min(explored, 0.97 * ceiling));
                }
            }
        }
        double fraction = x / estimate;
        return new LearnedCapacity(estimate, floor, c.firstSampleAt(), c.samples() + 1,
                Math.min(c.lowFraction(), fraction), Math.max(c.highFraction(), fraction), ceiling, lastCutAt);
    }

    /** {@code learned capacity 78 rps/replica from 14 min at 70-95% of it; target 66 (85%)}. */
    static String explain(TargetPolicy p, TargetMemory m, Instant now) {
        LearnedCapacity c = m.capacity();
        Double target = target(p, m);
        if (c == null) {
            return target == null ? "no clean window yet: capacity unknown, holding until one"
                    : String.format(Locale.ROOT, "no clean window yet: configured %s rps/replica, target %.1f",
                    RuleRecommender.num(p.objective().initialRpsPerReplica()), target);
        }
        return String.format(Locale.ROOT, "learned capacity %.1f rps/replica from %d min at %.0f-%.0f%% of it; target %.1f (%.0f%%: room for the load's own re-rises)",
                c.rpsPerReplica(), Duration.between(c.firstSampleAt(), now).toMinutes(), c.lowFraction() * 100,
                c.highFraction() * 100, target, target / c.rpsPerReplica() * 100);
    }

    /** Seconds since the previous decision, as the memory's recommendations tell (1 s when unknown). */
    private static double decisionSeconds(TargetMemory m, Instant now) {
        if (m.recommendations().isEmpty()) {
            return 1;
        }
        double s = Duration.between(m.recommendations().get(m.recommendations().size() - 1).at(), now).toMillis() / 1000.0;
        return Math.max(0, Math.min(60, s));
    }

    private static Reading reading(TargetPolicy p, Observation o, SignalKind kind) {
        for (SignalRule r : p.signals()) {
            if (r.kind() == kind) {
                return o.readings().get(r);
            }
        }
        return null;
    }

    private static Duration window(String w) {
        return Duration.ofSeconds(Long.parseLong(w.replace("s", "")));
    }
}
