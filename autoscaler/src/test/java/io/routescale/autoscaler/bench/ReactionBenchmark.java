package io.routescale.autoscaler.bench;

import io.routescale.autoscaler.testing.Stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * End-to-end reaction: a Traefik at 100 rps on 2 replicas steps up 5x; the time from the step to the first
 * {@code /scale} write reaching the API server, median over repeated runs, for the direct path (autoscaler
 * reads the exporter) and the Prometheus path (autoscaler reads Prometheus, which scrapes the exporter every
 * 1 s). Exporter interval 1 s, autoscaler interval 500 ms. Command: {@code scripts/bench-reaction.sh}.
 */
public final class ReactionBenchmark {
    /** The end-to-end test's policy: 50 rps per replica, up to 20. */
    static final String POLICY = io.routescale.autoscaler.EndToEndTest.POLICY;

    private ReactionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Double> direct = measure(false, runs);
        List<Double> viaPrometheus = measure(true, runs);
        System.out.println();
        System.out.println("| path | runs | median s | min s | max s |");
        System.out.println("|---|---:|---:|---:|---:|");
        row("direct (exporter /signals)", direct);
        row("Prometheus (query API, 1 s scrape)", viaPrometheus);
    }

    private static List<Double> measure(boolean viaPrometheus, int runs) throws Exception {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            try (Stack stack = new Stack(100, 2, POLICY, viaPrometheus, Duration.ofSeconds(1))) {
                // Warm: the 10 s window filled, leader elected, steady at 2 replicas, and for Prometheus its data in.
                Thread.sleep(viaPrometheus ? 16_000 : 13_000);
                if (stack.replicas() != 2) {
                    throw new IllegalStateException("not steady before the step: " + stack.replicas() + " replicas");
                }
                long stepNanos = System.nanoTime();
                stack.traefik.step(stack.now(), 5);
                long deadline = stepNanos + Duration.ofSeconds(30).toNanos();
                while (stack.api.dispatcher.lastScalePatchNanos < stepNanos && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                long patch = stack.api.dispatcher.lastScalePatchNanos;
                double seconds = patch < stepNanos ? Double.NaN : (patch - stepNanos) / 1e9;
                System.out.printf(Locale.ROOT, "%s run %d: %.2f s%n", viaPrometheus ? "prometheus" : "direct", i + 1, seconds);
                out.add(seconds);
            }
        }
        return out;
    }

    private static void row(String name, List<Double> s) {
        List<Double> sorted = s.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f |%n", name, s.size(), sorted.get(sorted.size() / 2),
                sorted.get(0), sorted.get(sorted.size() - 1));
    }
}
