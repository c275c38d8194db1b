package io.routescale.autoscaler.bounds;

import io.routescale.autoscaler.testing.TestApiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 6's autoscaler bound: 2,000 targets in one policy are decided and written within a 64 MB heap (the
 * chart gives the autoscaler 70% of a 384 MiB limit). The cycle runs in a JVM of its own under -Xmx64m, so
 * the cap is real and an OutOfMemoryError ends it; the API server for tests stays in this JVM.
 */
class AutoscalerHeapTest {
    private static final int TARGETS = 2_000;

    @TempDir
    Path tmp;

    @Test
    void twoThousandTargetsFitIn64Mb() throws Exception {
        try (TestApiServer api = new TestApiServer()) {
            StringBuilder policy = new StringBuilder("defaults: {burst: {enabled: false}, maxReplicas: 50}\ntargets:\n");
            for (int i = 0; i < TARGETS; i++) {
                api.createDeployment("ns" + (i % 20), "svc" + i, 4, 4);
                policy.append("  - {namespace: ns").append(i % 20).append(", name: svc").append(i)
                        .append(", signals: [{type: rpsPerReplica, target: 50}]}\n");
            }
            api.putPolicy(policy.toString());
            Path log = tmp.resolve("probe.log");
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                    AutoscalerHeapProbe.class.getName(), api.baseUrl(), String.valueOf(TARGETS))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean finished = p.waitFor(300, TimeUnit.SECONDS);
            if (!finished) {
                p.destroyForcibly();
            }
            String out = Files.readString(log);
            assertTrue(finished, "the probe did not finish within 300 s:\n" + out);
            assertEquals(0, p.exitValue(), "no OutOfMemoryError under -Xmx64m:\n" + out);
            List<String> cycles = out.lines().filter(l -> l.startsWith("cycle ")).toList();
            assertEquals(3, cycles.size(), out);
            cycles.forEach(c -> assertTrue(c.contains(" decisions " + TARGETS + " "), c));
            assertEquals(TARGETS / 2, api.dispatcher.scalePatches.get(), "half the targets were scaled, once");
            System.out.println(String.join("\n", cycles)); // the live heap figures the README quotes
        }
    }
}
