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

    /** A description is the text's first 80 characters, the same for a key asked again, and few are kept. */
    @Test
    void descriptionsAreTheFirst80CharactersAndOnlyAFewAreKept() {
        SeriesKeyPool pool = new SeriesKeyPool(100_000);
        String shortText = "code=\"200\",method=\"GET\"";
        SeriesKey shortKey = pool.key(shortText, false);
        assertEquals(shortText, pool.description(shortKey, shortText));
        String longText = "method=\"" + "x".repeat(200) + "\"";
        SeriesKey longKey = pool.key(longText, false);
        assertEquals(longText.substring(0, 80) + "...", pool.description(longKey, longText));
        assertSame(pool.description(longKey, longText), pool.description(longKey, new StringBuilder(longText)), "kept");
        for (int i = 0; i < 3 * SeriesKeyPool.DESCRIBED; i++) {
            String text = "method=\"" + i + "\"";
            assertEquals(text, pool.description(pool.key(text, false), text));
        }
        assertEquals(SeriesKeyPool.DESCRIBED, pool.describedKeys(), "hostile label values cannot grow it");
    }
}
