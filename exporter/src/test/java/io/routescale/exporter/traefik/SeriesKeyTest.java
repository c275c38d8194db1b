package io.routescale.exporter.traefik;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Issue 13 item 1: a series is known by a fixed-size hash of its label text, which must still tell series apart. */
class SeriesKeyTest {
    @Test
    void equalTextEqualKeyAndAnyDifferenceAnotherKey() {
        assertEquals(SeriesKey.of("code=\"200\",method=\"GET\"", false), SeriesKey.of(new StringBuilder("code=\"200\",method=\"GET\""), false));
        assertNotEquals(SeriesKey.of("code=\"200\",method=\"GET\"", false), SeriesKey.of("code=\"200\",method=\"PUT\"", false));
        assertNotEquals(SeriesKey.of("a", false), SeriesKey.of("a\u0000", false), "a trailing NUL is a different text");
        assertNotEquals(SeriesKey.of("ab", false), SeriesKey.of("ba", false));
        assertNotEquals(SeriesKey.of("code=\"500\"", true), SeriesKey.of("code=\"500\"", false));
    }

    @Test
    void aMillionNearlyIdenticalLongLabelsGiveAMillionKeys() {
        Set<SeriesKey> keys = new HashSet<>();
        String tail = ".".repeat(300);
        for (int i = 0; i < 1_000_000; i++) {
            keys.add(SeriesKey.of("method=\"" + i + tail + "\"", false));
        }
        assertEquals(1_000_000, keys.size());
    }

    @Test
    void thePoolHandsOutOneInstancePerSeries() {
        SeriesKeyPool pool = new SeriesKeyPool(10);
        assertSame(pool.key("code=\"200\"", false), pool.key(new StringBuilder("code=\"200\""), false));
    }
}
