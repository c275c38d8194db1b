package io.routescale.exporter.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a class's {@code main} in a JVM of its own on this test classpath: for mains that exit the JVM. */
public final class ChildJvm {
    /** What the JVM printed (stdout and stderr together) and its exit code; -1 when it had to be killed. */
    public record Result(int exitCode, String output) {
    }

    private ChildJvm() {
    }

    public static Result run(Class<?> main, int timeoutSeconds, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean finished = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly().waitFor();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(finished ? p.exitValue() : -1, out);
    }
}
