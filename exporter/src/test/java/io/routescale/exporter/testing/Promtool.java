package io.routescale.exporter.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code promtool}, from the Debian package. */
public final class Promtool {
    public record Result(int exitCode, String output) {
    }

    private Promtool() {
    }

    /** {@code promtool check metrics} on an exposition body (exit 3: lint problems, 1: parse errors). */
    public static Result checkMetrics(String exposition) throws IOException, InterruptedException {
        return run(List.of(RealPrometheus.binary("promtool"), "check", "metrics"), exposition);
    }

    /** {@code promtool check rules} on a rule file (exit 1: invalid). */
    public static Result checkRules(Path rules) throws IOException, InterruptedException {
        return run(List.of(RealPrometheus.binary("promtool"), "check", "rules", rules.toString()), "");
    }

    /** {@code promtool test rules} on a unit-test file naming its rule files (exit 1: a failed case). */
    public static Result testRules(Path tests) throws IOException, InterruptedException {
        return run(List.of(RealPrometheus.binary("promtool"), "test", "rules", tests.toString()), "");
    }

    static Result run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("promtool did not finish: " + command);
        }
        return new Result(p.exitValue(), out);
    }
}
