package io.routescale.exporter.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.routescale.exporter.parse.ExpositionException;
import io.routescale.exporter.parse.ExpositionParser;
import io.routescale.exporter.parse.ParseLimits;
import io.routescale.exporter.parse.ParseStats;
import io.routescale.exporter.traefik.SeriesKeyPool;
import io.routescale.exporter.traefik.TraefikSnapshot;
import io.routescale.exporter.traefik.TraefikSnapshotBuilder;
import io.routescale.exporter.window.WindowStore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;

/**
 * Untrusted bytes in, and the only way out is a snapshot or an {@link ExpositionException}: no other exception,
 * no hang, no allocation past the caps. The normal test run replays the committed corpus
 * (src/test/resources/io/routescale/exporter/fuzz/ExpositionFuzzTestInputs, seeded with the real captures);
 * {@code JAZZER_FUZZ=1} fuzzes (see docs/testing.md).
 */
class ExpositionFuzzTest {
    private static final ParseLimits LIMITS = new ParseLimits(1 << 20, 50_000, 4096);

    @FuzzTest(maxDuration = "10m")
    void parsesOrRejectsNothingElse(byte[] body) throws IOException {
        TraefikSnapshotBuilder builder = new TraefikSnapshotBuilder(new SeriesKeyPool(1000));
        try {
            ParseStats stats = new ExpositionParser(LIMITS).parse(new ByteArrayInputStream(body), builder);
            if (stats.bytes() != body.length || stats.samples() > LIMITS.maxSamples()) {
                throw new IllegalStateException("stats disagree with the input: " + stats + " for " + body.length + " bytes");
            }
            TraefikSnapshot snapshot = builder.build(1000);
            // What parsed must also window: two cycles of the same snapshot (no increments, no errors).
            WindowStore store = new WindowStore(Duration.ofSeconds(60), Duration.ofSeconds(2));
            store.record(snapshot);
            store.record(new TraefikSnapshot(3000, snapshot.backends(), snapshot.routes(), snapshot.generation()));
        } catch (ExpositionException expected) {
            // A rejected body is the designed outcome for bad input.
        }
    }
}
