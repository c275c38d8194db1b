package io.routescale.autoscaler.bounds;

import io.kubernetes.client.util.ClientBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.routescale.autoscaler.ScaleLoop;
import io.routescale.autoscaler.act.Actuator;
import io.kubernetes.client.openapi.ApiClient;
import io.routescale.autoscaler.k8s.ClientJavaCluster;
import io.routescale.autoscaler.k8s.WatchedCluster;
import io.routescale.autoscaler.decide.TargetStep;
import io.routescale.autoscaler.explain.AutoscalerMetrics;
import io.routescale.autoscaler.explain.Explainer;
import io.routescale.autoscaler.policy.PolicyParser;
import io.routescale.autoscaler.policy.PolicyStore;
import io.routescale.autoscaler.policy.SignalSelector;
import io.routescale.autoscaler.testing.FakeSignals;
import io.routescale.exporter.testing.MutableClock;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * The autoscaler's decision cycle over N targets, run by {@link AutoscalerHeapTest} in a JVM of its own under a
 * heap cap, against the API server the test started (args: its URL, N). Prints one line per cycle:
 * {@code cycle <n> decisions <d> live-heap-mb <m>} (heap in use after a full GC).
 */
public final class AutoscalerHeapProbe {
    private AutoscalerHeapProbe() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int targets = Integer.parseInt(args[1]);
        FakeSignals signals = new FakeSignals();
        for (int i = 0; i < targets; i++) {
            double rps = i % 2 == 0 ? 4 * 50 : 6 * 50; // half the targets need 2 more replicas
            signals.rps(new SignalSelector(false, "ns" + (i % 20), "svc" + i), rps, rps);
        }
        ApiClient client = new ClientBuilder().setBasePath(url).setReadTimeout(Duration.ofSeconds(30)).build();
        ClientJavaCluster cluster = new ClientJavaCluster(client, "routescale-autoscaler", "heap-probe");
        // The shipped default: the decision reads informer caches, which are part of what must fit.
        WatchedCluster watched = new WatchedCluster(cluster, client, Duration.ofSeconds(15), Duration.ofSeconds(60), System::nanoTime);
        AutoscalerMetrics metrics = new AutoscalerMetrics(new PrometheusRegistry());
        PolicyStore store = new PolicyStore(watched, cluster, new PolicyParser(), metrics, "routescale", "routescale-policy", "policy.yaml");
        if (!store.refresh()) {
            throw new IllegalStateException("policy not loaded");
        }
        MutableClock clock = new MutableClock(1_800_000_000_000L);
        ScaleLoop loop = new ScaleLoop(store::current, signals, watched, new TargetStep(),
                new Actuator(watched, 4, Duration.ofMillis(10), d -> Thread.sleep(d.toMillis())), new Explainer(cluster, metrics),
                metrics, clock);
        for (int cycle = 1; cycle <= 3; cycle++) {
            int decisions = loop.runOnce().decisions().size();
            clock.advance(Duration.ofSeconds(1));
            System.gc();
            long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            System.out.println("cycle " + cycle + " decisions " + decisions + " live-heap-mb " + (live >> 20));
        }
        watched.close();
        System.exit(0); // the informers' threads would keep the JVM up
    }
}
