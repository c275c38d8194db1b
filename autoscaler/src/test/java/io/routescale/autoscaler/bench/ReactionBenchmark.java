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
 * 1 s). Exporter interval 1 s, autoscaler interval 500 ms. Each path twice: stepped early (13-16 s after start,
 * the 60 s window not yet published, so the 10 s window decides alone) and settled (75 s after start, both
 * windows published: the step then comes through burst mode, as on a running cluster).
 * Command: {@code scripts/bench-autoscaler.sh reaction [runs]}.
 */
public final class ReactionBenchmark {
    /** The end-to-end test's policy: 50 rps per replica, up to 20. */
    static final String POLICY = io.routescale.autoscaler.EndToEndTest.POLICY;

    private ReactionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Double> direct = measure(false, runs, 13);
        List<Double> viaPrometheus = measure(true, runs, 16);
        List<Double> directSettled = measure(false, runs, 75);
        List<Double> viaPrometheusSettled = measure(true, runs, 75);
        System.out.println();
        System.out.println("| path | stepped | runs | median s | min s | max s |");
        System.out.println("|---|---|---:|---:|---:|---:|");
        row("direct (exporter /signals)", "early (13 s)", direct);
        row("Prometheus (query API, 1 s scrape)", "early (16 s)", viaPrometheus);
        row("direct (exporter /signals)", "settled (75 s)", directSettled);
        row("Prometheus (query API, 1 s scrape)", "settled (75 s)", viaPrometheusSettled);
    }

    private static List<Double> measure(boolean viaPrometheus, int runs, int warmSeconds) throws Exception {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            try (Stack stack = new Stack(100, 2, POLICY, viaPrometheus, Duration.ofSeconds(1))) {
                // Warm: the 10 s window filled, leader elected, steady at 2 replicas, and for Prometheus its data in;
                // settled, the 60 s window too.
                Thread.sleep(warmSeconds * 1000L);
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
                System.out.printf(Locale.ROOT, "%s after %d s, run %d: %.2f s%n", viaPrometheus ? "prometheus" : "direct", warmSeconds,
                        i + 1, seconds);
                out.add(seconds);
            }
        }
        return out;
    }

    private static void row(String name, String stepped, List<Double> s) {
        List<Double> sorted = s.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %.2f | %.2f | %.2f |%n", name, stepped, s.size(), sorted.get(sorted.size() / 2),
                sorted.get(0), sorted.get(sorted.size() - 1));
    }
}
