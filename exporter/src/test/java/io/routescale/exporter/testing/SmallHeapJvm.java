package io.routescale.exporter.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs a probe's {@code main} in a JVM of its own under a heap cap (this test classpath), so that the cap is
 * real and an OutOfMemoryError ends that JVM instead of hiding in the test's own.
 */
public final class SmallHeapJvm {
    private static final int TIMEOUT_SECONDS = 300;

    private SmallHeapJvm() {
    }

    /** Under -Xmx64m, the JVM's own choice of collector: the probe's output; fails the test when it did not finish in time or did not exit 0. */
    public static String run(Class<?> probe, Path log, String... args) throws Exception {
        return run(List.of("-Xmx64m"), probe, log, args);
    }

    /** The chart's values, where the sidecar's JVM options are set: from exporter/ (the tests) or the root (benchmarks). */
    static final Path CHART_VALUES = Files.exists(Path.of("charts", "routescale-stack", "values.yaml"))
            ? Path.of("charts", "routescale-stack", "values.yaml") : Path.of("..", "charts", "routescale-stack", "values.yaml");

    /**
     * As the exporter sidecar runs: under the JVM options the umbrella chart gives it, read from the chart so
     * that this cannot drift from what is shipped.
     */
    public static String runAsSidecar(Class<?> probe, Path log, String... args) throws Exception {
        return run(sidecarOptions(), probe, log, args);
    }

    /** The {@code JAVA_TOOL_OPTIONS} value of the chart's exporter sidecar: the one that starts with {@code -Xmx}. */
    public static List<String> sidecarOptions() throws java.io.IOException {
        for (String line : Files.readAllLines(CHART_VALUES)) {
            String value = line.strip();
            if (value.startsWith("value: -Xmx")) {
                return List.of(value.substring("value: ".length()).split(" "));
            }
        }
        throw new IllegalStateException("no JAVA_TOOL_OPTIONS value starting with -Xmx in " + CHART_VALUES.toAbsolutePath());
    }

    private static String run(List<String> heapOptions, Class<?> probe, Path log, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(heapOptions);
        command.addAll(List.of("-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"), probe.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        assertTrue(finished, "the probe did not finish within " + TIMEOUT_SECONDS + " s:\n" + out);
        assertEquals(0, p.exitValue(), "no OutOfMemoryError under " + heapOptions + ":\n" + out);
        return out;
    }
}
