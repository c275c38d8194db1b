package io.routescale.exporter.testing;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark stand-in's bodies: the first is ready at once, later ones step forward in order, none is skipped back. */
class PrerenderedBodiesTest {
    private final SyntheticTraefik traefik = SyntheticTraefik.ofSize(3, SyntheticTraefik.Generation.V2, false);

    @Test
    void eachScrapeGetsTheNewestReadyBodyAndBodiesStepForward() throws Exception {
        List<byte[]> expected = List.of(body(10), body(12), body(14));
        try (PrerenderedBodies bodies = new PrerenderedBodies(traefik, 10, 2)) {
            assertArrayEquals(expected.get(0), bodies.get());
            List<Integer> seen = new ArrayList<>(List.of(0));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (seen.get(seen.size() - 1) < 2 && System.nanoTime() < deadline) {
                byte[] got = bodies.get();
                int step = indexOf(expected, got);
                assertTrue(step >= seen.get(seen.size() - 1), "a body older than one already served came back: step " + step);
                if (step != seen.get(seen.size() - 1)) {
                    seen.add(step);
                }
                Thread.sleep(5);
            }
            assertTrue(seen.contains(2), "the third body (t=14) never came: " + seen);
        }
    }

    private int indexOf(List<byte[]> bodies, byte[] got) {
        for (int i = 0; i < bodies.size(); i++) {
            if (Arrays.equals(bodies.get(i), got)) {
                return i;
            }
        }
        throw new AssertionError("a body that is none of t=10, 12, 14");
    }

    private byte[] body(double t) {
        return traefik.render(t).getBytes(StandardCharsets.US_ASCII);
    }
}
