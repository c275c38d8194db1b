package io.routescale.charts;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every shell script of the repository passes the real shellcheck (Debian package) and is strict. */
class ShellScriptsTest {
    @Test
    void everyScriptIsShellcheckCleanAndStopsOnErrors() throws IOException, InterruptedException {
        List<Path> scripts = new ArrayList<>();
        scripts.add(Repo.ROOT.resolve(".ci/run"));
        for (String dir : List.of("scripts", "deploy", "native")) {
            Path d = Repo.ROOT.resolve(dir);
            if (Files.isDirectory(d)) {
                try (Stream<Path> files = Files.walk(d)) {
                    files.filter(f -> f.toString().endsWith(".sh")).sorted().forEach(scripts::add);
                }
            }
        }
        assertTrue(scripts.size() >= 8, "found " + scripts);
        for (Path script : scripts) {
            assertTrue(Files.readString(script).contains("set -euo pipefail"), script + " does not stop on errors");
        }
        List<String> command = new ArrayList<>(List.of("shellcheck", "--severity=style"));
        scripts.forEach(s -> command.add(s.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }
}
