package io.routescale.exporter.bounds;

import io.routescale.exporter.testing.SmallHeapJvm;
import io.routescale.exporter.testing.SyntheticTraefik;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 6's resource bounds: with its shipped limits the exporter survives hostile bodies inside the sidecar's
 * 128 MB heap (the chart's JVM options, read from the chart), rejects each for the cap it hits (counted by reason in routescale_exporter_scrape_errors_total),
 * and still serves the largest body its caps accept. Runs {@link ResourceBoundsProbe} in a JVM of its own so
 * that the heap cap is real and an OutOfMemoryError ends the run (exit code 3) instead of hiding in this one.
 */
class ResourceBoundsTest {
    @TempDir
    Path tmp;

    @Test
    void hostileBodiesAreRejectedByTheirCapWithinTheSidecarsHeap() throws Exception {
        // Issue 12's fleet body at the caps: 5,550 services and their routers in the umbrella's layout, 11,100
        // targets, 499,500 series, about 83 MB.
        SyntheticTraefik atCaps = SyntheticTraefik.umbrellaShape(5_550);
        Path first = tmp.resolve("at-caps-1.txt");
        Path second = tmp.resolve("at-caps-2.txt");
        Files.writeString(first, atCaps.render(10));
        Files.writeString(second, atCaps.render(12));
        String out = SmallHeapJvm.runAsSidecar(ResourceBoundsProbe.class, tmp.resolve("probe.log"), first.toString(), second.toString());
        Map<String, String> outcomes = out.lines().filter(l -> l.matches("[a-z-]+ [a-z_]+"))
                .collect(Collectors.toMap(l -> l.split(" ")[0], l -> l.split(" ")[1]));
        assertEquals(Map.of(
                "gib", "body_too_large",
                "series", "too_many_targets",
                "one-target", "too_many_series",
                "label", "line_too_long",
                "wide-labels", "accepted",
                "long-values", "accepted",
                "at-caps", "accepted"), outcomes, out);
    }

}
