package io.routescale.autoscaler.bench;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.routescale.autoscaler.ScaleLoop;
import io.routescale.autoscaler.act.Actuator;
import io.routescale.autoscaler.act.ScaleClient;
import io.routescale.autoscaler.decide.TargetStep;
import io.routescale.autoscaler.explain.AutoscalerMetrics;
import io.routescale.autoscaler.explain.Explainer;
import io.routescale.autoscaler.k8s.ClientJavaCluster;
import io.routescale.autoscaler.k8s.WatchedCluster;
import io.routescale.autoscaler.policy.PolicyParser;
import io.routescale.autoscaler.policy.PolicySource;
import io.routescale.autoscaler.policy.PolicyStore;
import io.routescale.autoscaler.policy.SignalSelector;
import io.routescale.autoscaler.policy.TargetRef;
import io.routescale.autoscaler.testing.FakeSignals;
import io.routescale.exporter.testing.MutableClock;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * The autoscaler's side of {@link CapacityBenchmark}, in a JVM of its own under the heap cap the benchmark gives
 * it, against the benchmark's API server (args: its URL, targets, {@code watch} or {@code read}, steady cycles).
 * Prints {@code cycle <n> ms <t> writes <w>} per cycle; after the first it says {@code waiting} and waits for a
 * line on stdin (the benchmark marks the new replicas ready meanwhile); at the end {@code live-heap-mb <m>}.
 */
public final class CapacityProbe {
    private CapacityProbe() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int targets = Integer.parseInt(args[1]);
        boolean watch = args[2].equals("watch");
        int steady = Integer.parseInt(args[3]);
        FakeSignals signals = new FakeSignals();
        for (int i = 0; i < targets; i++) {
            double rps = i % 2 == 0 ? 4 * 50 : 6 * 50; // half the targets need 2 more replicas
            signals.rps(new SignalSelector(false, CapacityBenchmark.namespace(i), CapacityBenchmark.name(i)), rps, rps);
        }
        ApiClient client = new ClientBuilder().setBasePath(url).setReadTimeout(Duration.ofSeconds(30)).build();
        ClientJavaCluster direct = new ClientJavaCluster(client, "routescale-autoscaler", "capacity-probe");
        WatchedCluster watched = new WatchedCluster(direct, client, Duration.ofSeconds(15), Duration.ofSeconds(120), System::nanoTime);
        ScaleClient scale = watch ? watched : direct;
        AutoscalerMetrics metrics = new AutoscalerMetrics(new PrometheusRegistry());
        PolicyStore store = new PolicyStore(watch ? watched : (PolicySource) direct, direct, new PolicyParser(), metrics,
                "routescale", "routescale-policy", "policy.yaml");
        if (!store.refresh()) {
            throw new IllegalStateException("policy not loaded");
        }
        MutableClock clock = new MutableClock(1_800_000_000_000L);
        ScaleLoop loop = new ScaleLoop(store::current, signals, scale, new TargetStep(),
                new Actuator(scale, 4, Duration.ofMillis(10), d -> Thread.sleep(d.toMillis())), new Explainer(direct, metrics),
                metrics, clock);
        cycle(loop, clock, 1);
        System.out.println("waiting");
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (watch) {
            awaitReady(watched, targets);
        }
        for (int c = 2; c <= steady + 1; c++) {
            cycle(loop, clock, c);
            Thread.sleep(100);
        }
        System.gc();
        System.out.println("live-heap-mb " + (ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20));
        watched.close();
        System.exit(0);
    }

    private static void cycle(ScaleLoop loop, MutableClock clock, int n) {
        long t0 = System.nanoTime();
        ScaleLoop.CycleReport r = loop.runOnce();
        double ms = (System.nanoTime() - t0) / 1e6;
        System.out.printf(Locale.ROOT, "cycle %d ms %.1f writes %d decisions %d%n", n, ms, r.writes(), r.decisions().size());
        clock.advance(Duration.ofSeconds(1));
    }

    /** Until the cache shows the benchmark's readiness updates: a steady cycle is one with every pod ready. */
    private static void awaitReady(WatchedCluster watched, int targets) throws Exception {
        for (int i = targets - 1; i >= 0; i--) {
            TargetRef t = new TargetRef(CapacityBenchmark.namespace(i), CapacityBenchmark.name(i), "apps/v1", "Deployment");
            while (true) {
                var s = watched.readScale(t);
                if (s.readyReplicas() == s.specReplicas()) {
                    break;
                }
                Thread.sleep(20);
            }
        }
    }
}
