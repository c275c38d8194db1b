package io.routescale.autoscaler.bench;

import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.routescale.autoscaler.testing.TestApiServer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * N targets in one policy (half of them need 2 more replicas in the first cycle, none after), decided by the
 * autoscaler in a JVM of its own under {@code -Xmx256m} ({@link CapacityProbe}) against the API server for tests
 * over HTTP, which lists and watches like a real one. For each cluster view ({@code watch}: informer caches;
 * {@code read}: a GET of each target's {@code /scale} and workload per cycle): the first cycle (it includes the
 * caches' first list), then steady cycles (p50, p99), the API reads and writes per steady cycle, and the
 * autoscaler's live heap after them. Command: {@code scripts/bench-autoscaler.sh capacity [targets] [views]}.
 */
public final class CapacityBenchmark {
    private CapacityBenchmark() {
    }

    static String namespace(int i) {
        return "ns" + (i % 20);
    }

    static String name(int i) {
        return "svc" + i;
    }

    public static void main(String[] args) throws Exception {
        int targets = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        List<String> views = List.of((args.length > 1 ? args[1] : "watch,read").split(","));
        System.out.println("| view | targets | first cycle ms (writes) | steady cycles | steady p50 ms | steady p99 ms "
                + "| API reads per steady cycle | writes per steady cycle | live heap MB |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String view : views) {
            run(targets, view, view.equals("watch") ? 20 : 3);
        }
    }

    private static void run(int targets, String view, int steady) throws Exception {
        try (TestApiServer api = new TestApiServer()) {
            StringBuilder policy = new StringBuilder("defaults: {burst: {enabled: false}, maxReplicas: 50}\ntargets:\n");
            for (int i = 0; i < targets; i++) {
                api.createDeployment(namespace(i), name(i), 4, 4);
                policy.append("  - {namespace: ").append(namespace(i)).append(", name: ").append(name(i))
                        .append(", signals: [{type: rpsPerReplica, target: 50}]}\n");
            }
            api.putPolicy(policy.toString());
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"), CapacityProbe.class.getName(),
                    api.baseUrl(), String.valueOf(targets), view, String.valueOf(steady));
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = "";
            List<Double> ms = new ArrayList<>();
            int maxReads = 0;
            int maxWrites = 0;
            int readsAt = 0;
            String heap = "?";
            for (String line; (line = out.readLine()) != null; ) {
                String[] f = line.split(" ");
                if (line.startsWith("cycle 1 ")) {
                    first = String.format(Locale.ROOT, "%.0f (%s)", Double.parseDouble(f[3]), f[5]);
                } else if (line.equals("waiting")) {
                    markReady(api, targets);
                    readsAt = api.reads.get();
                    try (Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
                        w.write("go\n");
                    }
                } else if (line.startsWith("cycle ")) {
                    ms.add(Double.parseDouble(f[3]));
                    maxWrites = Math.max(maxWrites, Integer.parseInt(f[5]));
                    maxReads = Math.max(maxReads, api.reads.get() - readsAt);
                    readsAt = api.reads.get();
                } else if (line.startsWith("live-heap-mb ")) {
                    heap = f[1];
                } else {
                    System.err.println(line);
                }
            }
            if (p.waitFor() != 0) {
                throw new IllegalStateException("the probe exited " + p.exitValue());
            }
            ms.sort(Double::compare);
            System.out.printf(Locale.ROOT, "| %s | %,d | %s | %d | %.0f | %.0f | %d | %d | %s |%n", view, targets, first, ms.size(),
                    percentile(ms, 0.5), percentile(ms, 0.99), maxReads, maxWrites, heap);
        }
    }

    /** What the Deployment controller would do once the new pods start: status.readyReplicas = spec.replicas. */
    private static void markReady(TestApiServer api, int targets) throws Exception {
        AppsV1Api apps = new AppsV1Api(api.client);
        for (int i = 1; i < targets; i += 2) {
            V1Deployment d = apps.readNamespacedDeployment(name(i), namespace(i)).execute();
            d.getStatus().replicas(d.getSpec().getReplicas()).readyReplicas(d.getSpec().getReplicas());
            apps.replaceNamespacedDeployment(name(i), namespace(i), d).execute();
        }
    }

    private static double percentile(List<Double> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }
}
