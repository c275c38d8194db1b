package io.routescale.autoscaler.replay;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Closes the loop for one target, one second at a time: the scaler decides on what it can see, pods asked for
 * serve {@code startupSeconds} after a node has room for them (at once without a {@link NodeLimit}; removals
 * take pods not on a node first, then the newest, not-yet-ready ones, as a ReplicaSet does), and the model says
 * whether the second met the SLO.
 */
final class Simulator {
    /** Infinite modelled latency (overload) is shown to scalers as this many seconds. */
    static final double LATENCY_CAP = 60;

    private Simulator() {
    }

    static Run run(Scaler scaler, double[] observed, double[] offered, ClusterModel model, int initial) {
        int n = observed.length;
        int[] spec = new int[n];
        int[] placedSeries = new int[n];
        int[] readySeries = new int[n];
        int[] warmingSeries = new int[n];
        double[] p99 = new double[n];
        double[] p99Observed = new double[n];
        double[] inFlightObserved = new double[n];
        double[] errorsObserved = new double[n];
        Nodes nodes = new Nodes(model.nodes(), initial);
        Deque<Integer> pendingReadyAt = new ArrayDeque<>();
        // When each serving pod became ready, oldest first: the newest are the ones still warming up.
        Deque<Integer> readySince = new ArrayDeque<>();
        int ready = Math.min(initial, nodes.room());
        for (int i = 0; i < ready; i++) {
            readySince.addLast(-model.warmupSeconds() - 1);
        }
        // Pods asked for that no node has room for yet (Unschedulable).
        int unplaced = initial - ready;
        int current = initial;
        // What the exporter shows of the simulated pods: the same gaps as the traced load.
        Scaler.SignalsAt signals = (kind, t, window, delay) -> new LoadView(switch (kind) {
            case RPS_PER_REPLICA, LEARNED_RPS_PER_REPLICA -> observed;
            case P99_LATENCY -> p99Observed;
            case INFLIGHT_PER_REPLICA -> inFlightObserved;
            case ERROR_RATIO_GUARD -> errorsObserved;
        }, delay).average(t, window);
        for (int t = 0; t < n; t++) {
            nodes.arrive(t);
            unplaced -= place(Math.min(unplaced, nodes.room() - ready - pendingReadyAt.size()), t, model, pendingReadyAt);
            while (!pendingReadyAt.isEmpty() && pendingReadyAt.peekFirst() <= t) {
                readySince.addLast(pendingReadyAt.pollFirst());
                ready++;
            }
            int wanted = Math.max(0, scaler.desired(t, signals, current, ready, unplaced));
            if (wanted > current) {
                unplaced += wanted - current;
                int placed = place(Math.min(unplaced, nodes.room() - ready - pendingReadyAt.size()), t, model, pendingReadyAt);
                unplaced -= placed;
                if (model.startupSeconds() == 0) {
                    ready += pendingReadyAt.size();
                    while (!pendingReadyAt.isEmpty()) {
                        readySince.addLast(pendingReadyAt.pollFirst());
                    }
                }
            } else if (wanted < current) {
                for (int i = wanted; i < current; i++) {
                    if (unplaced > 0) {
                        // A ReplicaSet removes the pods not yet on a node first.
                        unplaced--;
                    } else if (!pendingReadyAt.isEmpty()) {
                        pendingReadyAt.pollLast();
                    } else {
                        // A ReplicaSet removes the pods ready for the shortest time first.
                        readySince.pollLast();
                        ready--;
                    }
                }
            }
            nodes.askFor(ready + pendingReadyAt.size() + unplaced, t);
            current = wanted;
            spec[t] = current;
            placedSeries[t] = current - unplaced;
            readySeries[t] = ready;
            int warming = warming(readySince, t, model.warmupSeconds());
            warmingSeries[t] = warming;
            p99[t] = model.p99(offered[t], ready, warming, t);
            boolean gap = Double.isNaN(observed[t]);
            p99Observed[t] = gap ? Double.NaN : Math.min(LATENCY_CAP, p99[t]);
            inFlightObserved[t] = gap ? Double.NaN : model.inFlight(offered[t], ready, warming, t, LATENCY_CAP);
            errorsObserved[t] = gap ? Double.NaN : model.errorRatio(offered[t], ready, warming, t);
        }
        return Run.of(spec, placedSeries, readySeries, warmingSeries, p99, offered, model);
    }

    /** Puts {@code k} pods on nodes at {@code t}: each serves a pod start-up later. */
    private static int place(int k, int t, ClusterModel model, Deque<Integer> pendingReadyAt) {
        for (int i = 0; i < k; i++) {
            pendingReadyAt.addLast(t + model.startupSeconds());
        }
        return Math.max(0, k);
    }

    /** The nodes under the pods: unlimited without a {@link NodeLimit}. */
    private static final class Nodes {
        private final NodeLimit limit;
        private final Deque<Integer> comingAt = new ArrayDeque<>();
        private int up;

        Nodes(NodeLimit limit, int initialPods) {
            this.limit = limit;
            this.up = limit == null ? 0 : Math.min(limit.maxNodes(), Math.max(1, ceilDiv(initialPods, limit.podsPerNode())));
        }

        /** Pods the nodes that are up can hold. */
        int room() {
            return limit == null ? Integer.MAX_VALUE / 2 : up * limit.podsPerNode();
        }

        void arrive(int t) {
            while (!comingAt.isEmpty() && comingAt.peekFirst() <= t) {
                comingAt.pollFirst();
                up++;
            }
        }

        /** A node autoscaler: asks for the nodes {@code pods} need, up to the limit. */
        void askFor(int pods, int t) {
            if (limit == null) {
                return;
            }
            int needed = Math.min(limit.maxNodes(), ceilDiv(pods, limit.podsPerNode()));
            for (int have = up + comingAt.size(); have < needed; have++) {
                comingAt.addLast(t + limit.startupSeconds());
            }
        }

        private static int ceilDiv(int a, int b) {
            return (a + b - 1) / b;
        }
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
        return Run.of(replicas, replicas, replicas, new int[n], p99, offered, model);
    }

    /**
     * One target's simulated run.
     *
     * @param podSeconds        pods that existed on a node (starting or serving), summed over seconds; without a
     *                          node limit every pod asked for is on one
     * @param sloViolationSeconds seconds whose modelled p99 exceeded the SLO or whose load exceeded capacity
     * @param overCapacity      requests beyond what the ready pods could serve
     * @param longestViolation  the longest run of violating seconds (time to recover)
     */
    record Run(int[] spec, int[] ready, double[] p99, double podSeconds, int sloViolationSeconds, double overCapacity,
               int scaleActions, int directionChanges, int longestViolation) {

        static Run of(int[] spec, int[] placed, int[] ready, int[] warming, double[] p99, double[] offered, ClusterModel model) {
            double pods = 0;
            int violations = 0;
            double over = 0;
            int actions = 0;
            int changes = 0;
            int lastDirection = 0;
            int streak = 0;
            int longest = 0;
            for (int t = 0; t < spec.length; t++) {
                pods += placed[t];
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
