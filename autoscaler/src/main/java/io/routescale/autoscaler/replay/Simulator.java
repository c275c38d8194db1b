package io.routescale.autoscaler.replay;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Closes the loop for one target, one second at a time: the scaler decides on what it can see, pods asked for
 * serve {@code startupSeconds} later (removals take the newest, not-yet-ready pods first, as a ReplicaSet
 * does), and the model says whether the second met the SLO.
 */
final class Simulator {
    /** Infinite modelled latency (overload) is shown to scalers as this many seconds. */
    static final double LATENCY_CAP = 60;

    private Simulator() {
    }

    static Run run(Scaler scaler, double[] observed, double[] offered, ClusterModel model, int initial) {
        int n = observed.length;
        int[] spec = new int[n];
        int[] readySeries = new int[n];
        int[] warmingSeries = new int[n];
        double[] p99 = new double[n];
        double[] p99Observed = new double[n];
        double[] inFlightObserved = new double[n];
        double[] errorsObserved = new double[n];
        Deque<Integer> pendingReadyAt = new ArrayDeque<>();
        // When each serving pod became ready, oldest first: the newest are the ones still warming up.
        Deque<Integer> readySince = new ArrayDeque<>();
        for (int i = 0; i < initial; i++) {
            readySince.addLast(-model.warmupSeconds() - 1);
        }
        int ready = initial;
        int current = initial;
        // What the exporter shows of the simulated pods: the same gaps as the traced load.
        Scaler.SignalsAt signals = (kind, t, window, delay) -> new LoadView(switch (kind) {
            case RPS_PER_REPLICA, LEARNED_RPS_PER_REPLICA -> observed;
            case P99_LATENCY -> p99Observed;
            case INFLIGHT_PER_REPLICA -> inFlightObserved;
            case ERROR_RATIO_GUARD -> errorsObserved;
        }, delay).average(t, window);
        for (int t = 0; t < n; t++) {
            while (!pendingReadyAt.isEmpty() && pendingReadyAt.peekFirst() <= t) {
                readySince.addLast(pendingReadyAt.pollFirst());
                ready++;
            }
            int wanted = Math.max(0, scaler.desired(t, signals, current, ready));
            if (wanted > current) {
                for (int i = current; i < wanted; i++) {
                    pendingReadyAt.addLast(t + model.startupSeconds());
                }
                if (model.startupSeconds() == 0) {
                    ready += wanted - current;
                    while (!pendingReadyAt.isEmpty()) {
                        readySince.addLast(pendingReadyAt.pollFirst());
                    }
                }
            } else if (wanted < current) {
                for (int i = wanted; i < current; i++) {
                    if (!pendingReadyAt.isEmpty()) {
                        pendingReadyAt.pollLast();
                    } else {
                        // A ReplicaSet removes the pods ready for the shortest time first.
                        readySince.pollLast();
                        ready--;
                    }
                }
            }
            current = wanted;
            spec[t] = current;
            readySeries[t] = ready;
            int warming = warming(readySince, t, model.warmupSeconds());
            warmingSeries[t] = warming;
            p99[t] = model.p99(offered[t], ready, warming, t);
            boolean gap = Double.isNaN(observed[t]);
            p99Observed[t] = gap ? Double.NaN : Math.min(LATENCY_CAP, p99[t]);
            inFlightObserved[t] = gap ? Double.NaN : model.inFlight(offered[t], ready, warming, t, LATENCY_CAP);
            errorsObserved[t] = gap ? Double.NaN : model.errorRatio(offered[t], ready, warming, t);
        }
        return Run.of(spec, readySeries, warmingSeries, p99, offered, model);
    }

    /** Pods ready for less than the warm-up, counted from the newest. */
    private static int warming(Deque<Integer> readySince, int t, int warmupSeconds) {
        if (warmupSeconds == 0) {
            return 0;
        }
        int n = 0;
        java.util.Iterator<Integer> newestFirst = readySince.descendingIterator();
        while (newestFirst.hasNext() && newestFirst.next() > t - warmupSeconds) {
            n++;
        }
        return n;
    }

    /**
     * The oracle: knows the future, the start-up delay and the warm-up, so exactly the fewest replicas that meet the
     * SLO serve each second, every one of them warm (each asked for a start-up and a warm-up earlier). Its
     * pod-seconds count serving pods only. Any policy with no violation has at least that many serving each
     * second: a warming pod serves less than a warm one, and the p99 only rises as a pod's capacity falls, so
     * fewer pods, or the same number with some warming, cannot meet the SLO where the oracle's count is the
     * fewest that does; start-ups come on top. So it is a true lower bound under every model here, the capacity
     * change included (the oracle uses each second's capacity).
     */
    static Run oracle(double[] offered, ClusterModel model) {
        int n = offered.length;
        int[] replicas = new int[n];
        double[] p99 = new double[n];
        for (int t = 0; t < n; t++) {
            replicas[t] = model.needed(offered[t], t);
            p99[t] = model.p99(offered[t], replicas[t], 0, t);
        }
        return Run.of(replicas, replicas, new int[n], p99, offered, model);
    }

    /**
     * One target's simulated run.
     *
     * @param podSeconds        pods that existed (asked for, starting or serving), summed over seconds
     * @param sloViolationSeconds seconds whose modelled p99 exceeded the SLO or whose load exceeded capacity
     * @param overCapacity      requests beyond what the ready pods could serve
     * @param longestViolation  the longest run of violating seconds (time to recover)
     */
    record Run(int[] spec, int[] ready, double[] p99, double podSeconds, int sloViolationSeconds, double overCapacity,
               int scaleActions, int directionChanges, int longestViolation) {

        static Run of(int[] spec, int[] ready, int[] warming, double[] p99, double[] offered, ClusterModel model) {
            double pods = 0;
            int violations = 0;
            double over = 0;
            int actions = 0;
            int changes = 0;
            int lastDirection = 0;
            int streak = 0;
            int longest = 0;
            for (int t = 0; t < spec.length; t++) {
                pods += spec[t];
                boolean bad = p99[t] > model.sloSeconds();
                violations += bad ? 1 : 0;
                streak = bad ? streak + 1 : 0;
                longest = Math.max(longest, streak);
                over += model.overCapacity(offered[t], ready[t], warming[t], t);
                if (t > 0 && spec[t] != spec[t - 1]) {
                    actions++;
                    int direction = Integer.signum(spec[t] - spec[t - 1]);
                    if (lastDirection != 0 && direction != lastDirection) {
                        changes++;
                    }
                    lastDirection = direction;
                }
            }
            return new Run(spec, ready, p99, pods, violations, over, actions, changes, longest);
        }
    }
}
