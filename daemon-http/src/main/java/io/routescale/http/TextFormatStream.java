package io.routescale.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes Prometheus' text format 0.0.4 sample by sample into a stream, through one 64 KB buffer.
 *
 * <p>For families too large to build first: client_java makes a snapshot object per data point and its HTTP
 * handler buffers the whole answer before sending it, which for 10,000 Traefik targets is tens of MB at once
 * beside a scrape of Traefik. What is written here is what client_java's {@code PrometheusTextFormatWriter}
 * writes for the same gauges and summaries (a test compares them); give label names in sorted order, as
 * client_java sorts them. A family is {@code family(...)}, then its samples, each {@code sample(name)}, a
 * {@code label(...)} per label and {@code value(...)}. A family without samples is not written, as client_java
 * writes none.
 */
public final class TextFormatStream {
    private static final int BUFFER_BYTES = 1 << 16;
    /** Room for the longest character encoding, so a character never needs a check of its own. */
    private static final int MAX_CHAR_BYTES = 4;

    private final OutputStream out;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int used;
    private boolean labelsOpen;
    private String pendingName;
    private String pendingType;
    private String pendingHelp;

    public TextFormatStream(OutputStream out) {
        this.out = out;
    }

    /** Starts a family: its {@code # HELP} and {@code # TYPE} lines are written before its first sample. */
    public void family(String name, String type, String help) {
        pendingName = name;
        pendingType = type;
        pendingHelp = help;
    }

    public void sample(String name) throws IOException {
        if (pendingName != null) {
            ascii("# HELP ");
            ascii(pendingName);
            put(' ');
            escaped(pendingHelp, false);
            ascii("\n# TYPE ");
            ascii(pendingName);
            put(' ');
            ascii(pendingType);
            put('\n');
            pendingName = null;
        }
        ascii(name);
        labelsOpen = false;
    }

    public void label(String name, String value) throws IOException {
        put(labelsOpen ? ',' : '{');
        labelsOpen = true;
        ascii(name);
        ascii("=\"");
        escaped(value, true);
        put('"');
    }

    public void value(double value) throws IOException {
        if (labelsOpen) {
            put('}');
        }
        put(' ');
        ascii(format(value));
        put('\n');
    }

    /** Sends what is buffered to the stream, without closing it. */
    public void flush() throws IOException {
        out.write(buffer, 0, used);
        used = 0;
        out.flush();
    }

    /** How client_java writes a double: Java's shortest form, with Prometheus' names for the infinities. */
    static String format(double value) {
        if (value == Double.POSITIVE_INFINITY) {
            return "+Inf";
        }
        if (value == Double.NEGATIVE_INFINITY) {
            return "-Inf";
        }
        return Double.toString(value);
    }

    /** Names, types and numbers: ASCII by the format's grammar. */
    private void ascii(String s) throws IOException {
        for (int i = 0; i < s.length(); i++) {
            put(s.charAt(i));
        }
    }

    /**
     * UTF-8, with the format's escapes: backslash and line feed in help and label values, the double quote in
     * label values too. A lone surrogate becomes '?', as {@code String.getBytes(UTF_8)} makes it.
     */
    private void escaped(String s, boolean labelValue) throws IOException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (used > BUFFER_BYTES - 2 * MAX_CHAR_BYTES) {
                drain();
            }
            if (c == '\\') {
                raw('\\');
                raw('\\');
            } else if (c == '\n') {
                raw('\\');
                raw('n');
            } else if (c == '"' && labelValue) {
                raw('\\');
                raw('"');
            } else if (c < 0x80) {
                raw(c);
            } else if (c < 0x800) {
                raw(0xC0 | c >> 6);
                raw(0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                raw(0xF0 | cp >> 18);
                raw(0x80 | cp >> 12 & 0x3F);
                raw(0x80 | cp >> 6 & 0x3F);
                raw(0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(c)) {
                raw('?');
            } else {
                raw(0xE0 | c >> 12);
                raw(0x80 | c >> 6 & 0x3F);
                raw(0x80 | c & 0x3F);
            }
        }
    }

    private void put(int b) throws IOException {
        if (used == BUFFER_BYTES) {
            drain();
        }
        buffer[used++] = (byte) b;
    }

    private void raw(int b) {
        buffer[used++] = (byte) b;
    }

    private void drain() throws IOException {
        out.write(buffer, 0, used);
        used = 0;
    }
}
