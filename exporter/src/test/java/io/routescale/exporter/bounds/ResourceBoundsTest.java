package io.routescale.exporter.bounds;

import io.routescale.exporter.testing.SyntheticTraefik;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 6's resource bounds: with its shipped limits the exporter survives hostile bodies inside the sidecar's
 * 64 MB heap, rejects each for the cap it hits (counted by reason in routescale_exporter_scrape_errors_total),
 * and still serves the largest body its caps accept. Runs {@link ResourceBoundsProbe} in a JVM of its own so
 * that the heap cap is real and an OutOfMemoryError ends the run (exit code 3) instead of hiding in this one.
 */
class ResourceBoundsTest {
    @TempDir
    Path tmp;

    @Test
    void hostileBodiesAreRejectedByTheirCapWithinA64MbHeap() throws Exception {
        SyntheticTraefik atCaps = SyntheticTraefik.ofSize(5_900, SyntheticTraefik.Generation.V2, false);
        Path first = tmp.resolve("at-caps-1.txt");
        Path second = tmp.resolve("at-caps-2.txt");
        Files.writeString(first, atCaps.render(10));
        Files.writeString(second, atCaps.render(12));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = tmp.resolve("probe.log");
        Process p = new ProcessBuilder(java, "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), ResourceBoundsProbe.class.getName(),
                first.toString(), second.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = p.waitFor(300, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        assertTrue(finished, "the probe did not finish within 300 s:\n" + out);
        assertEquals(0, p.exitValue(), "no OutOfMemoryError under -Xmx64m:\n" + out);
        Map<String, String> outcomes = out.lines().filter(l -> l.matches("[a-z-]+ [a-z_]+"))
                .collect(Collectors.toMap(l -> l.split(" ")[0], l -> l.split(" ")[1]));
        assertEquals(Map.of(
                "gib", "body_too_large",
                "series", "too_many_targets",
                "one-target", "too_many_series",
                "label", "line_too_long",
                "at-caps", "accepted"), outcomes, out);
    }

}
