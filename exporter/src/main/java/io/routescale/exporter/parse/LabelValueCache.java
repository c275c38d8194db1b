package io.routescale.exporter.parse;

import java.nio.charset.StandardCharsets;

/**
 * Direct-mapped cache from label bytes to the String they decode to. A Traefik body repeats a handful of
 * values (codes, methods, service names) on every line; reusing their Strings keeps a 17 MB body from
 * costing hundreds of thousands of short-lived copies. A miss just decodes and replaces the slot, so the
 * cache never grows and needs no eviction policy. ASCII only; other text is decoded every time.
 */
final class LabelValueCache {
    // Several times the 12,000 targets a body may name, so that a target's name is rarely evicted between two
    // scrapes by another that maps to its slot (with 4,096, most of 5,000 names were decoded again every scrape).
    private static final int SLOTS = 1 << 15;
    private static final int MAX_CACHED_LENGTH = 256;
    private final String[] slots = new String[SLOTS];

    String get(byte[] buf, int from, int to, boolean latin1Only) {
        int len = to - from;
        if (len > MAX_CACHED_LENGTH) {
            return decode(buf, from, to, latin1Only);
        }
        int h = 1;
        for (int i = from; i < to; i++) {
            byte b = buf[i];
            if (b < 0) {
                return decode(buf, from, to, latin1Only);
            }
            h = 31 * h + b;
        }
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        String cached = slots[slot];
        if (cached != null && cached.length() == len && sameAscii(cached, buf, from)) {
            return cached;
        }
        String fresh = new String(buf, from, len, StandardCharsets.ISO_8859_1);
        slots[slot] = fresh;
        return fresh;
    }

    private static boolean sameAscii(String s, byte[] buf, int from) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != buf[from + i]) {
                return false;
            }
        }
        return true;
    }

    private static String decode(byte[] buf, int from, int to, boolean latin1Only) {
        return new String(buf, from, to - from, latin1Only ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }
}
