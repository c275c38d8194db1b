package io.routescale.autoscaler.bench;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.routescale.autoscaler.ScaleLoop;
import io.routescale.autoscaler.act.Actuator;
import io.routescale.autoscaler.k8s.ClientJavaCluster;
import io.routescale.autoscaler.decide.TargetStep;
import io.routescale.autoscaler.explain.AutoscalerMetrics;
import io.routescale.autoscaler.explain.Explainer;
import io.routescale.autoscaler.policy.PolicyParser;
import io.routescale.autoscaler.policy.PolicyStore;
import io.routescale.autoscaler.policy.SignalSelector;
import io.routescale.autoscaler.testing.FakeSignals;
import io.routescale.autoscaler.testing.TestApiServer;
import io.routescale.exporter.testing.MutableClock;

import java.time.Duration;
import java.util.Locale;

/**
 * 2,000 targets in one policy, against the API server for tests over HTTP: one decision cycle's time and the
 * number of API writes. Half the targets need 2 more replicas in the first cycle, none in the second (nothing
 * is written when nothing changes). Command: {@code scripts/bench-capacity.sh}.
 */
public final class CapacityBenchmark {
    private CapacityBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int targets = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        try (TestApiServer api = new TestApiServer()) {
            StringBuilder policy = new StringBuilder("defaults: {burst: {enabled: false}, maxReplicas: 50}\ntargets:\n");
            FakeSignals signals = new FakeSignals();
            for (int i = 0; i < targets; i++) {
                String name = "svc" + i;
                api.createDeployment("ns" + (i % 20), name, 4, 4);
                policy.append("  - {namespace: ns").append(i % 20).append(", name: ").append(name)
                        .append(", signals: [{type: rpsPerReplica, target: 50}]}\n");
                double rps = i % 2 == 0 ? 4 * 50 : 6 * 50;
                signals.rps(new SignalSelector(false, "ns" + (i % 20), name), rps, rps);
            }
            api.putPolicy(policy.toString());
            ClientJavaCluster cluster = new ClientJavaCluster(api.client, "routescale-autoscaler", "bench");
            AutoscalerMetrics metrics = new AutoscalerMetrics(new PrometheusRegistry());
            PolicyStore store = new PolicyStore(cluster, cluster, new PolicyParser(), metrics, "routescale", "routescale-policy", "policy.yaml");
            long parse = System.nanoTime();
            store.refresh();
            double parseMs = (System.nanoTime() - parse) / 1e6;
            MutableClock clock = new MutableClock(1_800_000_000_000L);
            ScaleLoop loop = new ScaleLoop(store::current, signals, cluster, new TargetStep(),
                    new Actuator(cluster, 4, Duration.ofMillis(10), d -> Thread.sleep(d.toMillis())), new Explainer(cluster, metrics),
                    metrics, clock);
            System.out.printf(Locale.ROOT, "policy of %d targets parsed and loaded in %.0f ms%n", targets, parseMs);
            System.out.println("| cycle | targets | ms | /scale writes |");
            System.out.println("|---:|---:|---:|---:|");
            for (int cycle = 1; cycle <= 3; cycle++) {
                int before = api.dispatcher.scalePatches.get();
                long t0 = System.nanoTime();
                ScaleLoop.CycleReport r = loop.runOnce();
                double ms = (System.nanoTime() - t0) / 1e6;
                System.out.printf(Locale.ROOT, "| %d | %d | %.0f | %d |%n", cycle, r.decisions().size(), ms,
                        api.dispatcher.scalePatches.get() - before);
                clock.advance(Duration.ofSeconds(1));
            }
        }
    }
}
