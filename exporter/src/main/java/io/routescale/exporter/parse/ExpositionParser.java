package io.routescale.exporter.parse;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * Streaming parser for the Prometheus text format 0.0.4 and the OpenMetrics 1.0 text format, as Traefik
 * writes them. It reads bytes straight from the stream (no copy of the body is kept), enforces
 * {@link ParseLimits} while reading, and rejects the whole body on the first malformed line, as Prometheus'
 * own scraper does: a scrape is atomic, so a half-read body can never look like a drop in traffic.
 *
 * <p>Hand-written because no maintained Java library parses the text format: Prometheus client_java ships
 * writers only. Grammar followed: the exposition-format spec and Prometheus' {@code model/textparse}
 * (blank-separated tokens, escapes {@code \\ \" \n} in label values, Go float syntax incl. {@code ±Inf} and
 * {@code NaN}, optional integer or float timestamp, OpenMetrics exemplars after {@code " # "} and
 * {@code # EOF}). Instances are stateless and thread-safe.
 */
public final class ExpositionParser {
    private static final Set<String> METRIC_TYPES = Set.of(
            "counter", "gauge", "histogram", "summary", "untyped", "unknown", "gaugehistogram", "stateset", "info");
    private static final int READ_CHUNK = 64 << 10;
    /** How many metric names the parser remembers (their copies, Strings and whether they are wanted). */
    private static final int NAMES_REMEMBERED = 8;

    private final ParseLimits limits;

    public ExpositionParser(ParseLimits limits) {
        this.limits = limits;
    }

    public ParseLimits limits() {
        return limits;
    }

    /** A body in the text format 0.0.4 (where {@code # EOF} is allowed but not required). */
    public ParseStats parse(InputStream in, SampleSink sink) throws IOException, ExpositionException {
        return parse(in, sink, false);
    }

    /**
     * @param openMetrics the body was served as {@code application/openmetrics-text}: it must end with
     *                    {@code # EOF}, which is how OpenMetrics tells a complete body from a cut one
     */
    public ParseStats parse(InputStream in, SampleSink sink, boolean openMetrics) throws IOException, ExpositionException {
        return new Run(in, sink, limits, openMetrics).run();
    }

    /** True for an OpenMetrics {@code Content-Type} header value. */
    public static boolean isOpenMetrics(String contentType) {
        return contentType != null && contentType.trim().toLowerCase(java.util.Locale.ROOT).startsWith("application/openmetrics-text");
    }

    /** State of one parse; never shared between threads. */
    private static final class Run {
        private final InputStream in;
        private final SampleSink sink;
        private final ParseLimits limits;
        private final boolean openMetrics;
        private final byte[] chunk = new byte[READ_CHUNK];
        private int chunkPos;
        private int chunkLen;
        private long bytesRead;
        private byte[] line = new byte[1024];
        private int len;
        private long lineNo;
        private long samples;
        private boolean sawEof;
        private final LabelView labels = new LabelView();
        private final LabelValueCache strings = new LabelValueCache();
        /**
         * The metric names seen last, with their Strings and whether the sink wants them: a histogram's lines
         * cycle through three names ({@code _bucket}, {@code _sum}, {@code _count}), so one remembered name would
         * miss, and copy a name, on nearly every line.
         */
        private final byte[][] names = new byte[NAMES_REMEMBERED][];
        private final String[] nameStrings = new String[NAMES_REMEMBERED];
        private final boolean[] namesWanted = new boolean[NAMES_REMEMBERED];
        private int nextName;
        private String lastNameString;
        private boolean lastWanted;

        Run(InputStream in, SampleSink sink, ParseLimits limits, boolean openMetrics) {
            this.in = in;
            this.sink = sink;
            this.limits = limits;
            this.openMetrics = openMetrics;
        }

        ParseStats run() throws IOException, ExpositionException {
            while (readLine()) {
                lineNo++;
                int p = skipBlanks(0);
                if (p == len) {
                    continue;
                }
                if (sawEof) {
                    throw malformed("content after '# EOF'");
                }
                if (line[p] == '#') {
                    comment(p + 1);
                } else {
                    sample(p);
                }
            }
            if (openMetrics && !sawEof) {
                throw malformed("OpenMetrics body without '# EOF' (cut short?)");
            }
            return new ParseStats(bytesRead, lineNo, samples);
        }

        // ---- reading -------------------------------------------------------------------------------

        /** Reads the next line into {@link #line} without its terminator; false at end of stream. */
        private boolean readLine() throws IOException, ExpositionException {
            len = 0;
            boolean any = false;
            while (true) {
                if (chunkPos == chunkLen) {
                    int n = in.read(chunk, 0, chunk.length);
                    if (n < 0) {
                        return any;
                    }
                    bytesRead += n;
                    if (bytesRead > limits.maxBodyBytes()) {
                        throw new ExpositionException(RejectReason.BODY_TOO_LARGE, 0,
                                "body larger than max-body-bytes=" + limits.maxBodyBytes());
                    }
                    chunkPos = 0;
                    chunkLen = n;
                }
                any = true;
                int start = chunkPos;
                int nl = -1;
                for (int i = start; i < chunkLen; i++) {
                    if (chunk[i] == '\n') {
                        nl = i;
                        break;
                    }
                }
                int end = nl < 0 ? chunkLen : nl;
                append(start, end);
                chunkPos = nl < 0 ? chunkLen : nl + 1;
                if (nl >= 0) {
                    if (len > 0 && line[len - 1] == '\r') {
                        len--;
                    }
                    return true;
                }
            }
        }

        private void append(int from, int to) throws ExpositionException {
            int n = to - from;
            if (len + n > limits.maxLineBytes()) {
                throw new ExpositionException(RejectReason.LINE_TOO_LONG, lineNo + 1,
                        "line longer than max-line-bytes=" + limits.maxLineBytes());
            }
            if (len + n > line.length) {
                line = Arrays.copyOf(line, Math.min(limits.maxLineBytes(), Math.max(line.length * 2, len + n)));
            }
            System.arraycopy(chunk, from, line, len, n);
            len += n;
        }

        // ---- comments ------------------------------------------------------------------------------

        private void comment(int p) throws ExpositionException {
            p = skipBlanks(p);
            int wordEnd = tokenEnd(p);
            String word = ascii(p, wordEnd);
            switch (word) {
                case "EOF" -> {
                    if (skipBlanks(wordEnd) != len) {
                        throw malformed("unexpected text after '# EOF'");
                    }
                    sawEof = true;
                }
                case "TYPE" -> {
                    int nameStart = skipBlanks(wordEnd);
                    int nameEnd = metricNameEnd(nameStart);
                    int typeStart = skipBlanks(nameEnd);
                    String type = ascii(typeStart, tokenEnd(typeStart));
                    if (nameEnd == nameStart || !METRIC_TYPES.contains(type)) {
                        throw malformed("invalid TYPE line");
                    }
                }
                case "HELP", "UNIT" -> {
                    int nameStart = skipBlanks(wordEnd);
                    if (metricNameEnd(nameStart) == nameStart) {
                        throw malformed("invalid " + word + " line: missing metric name");
                    }
                }
                default -> {
                    // A plain comment: nothing to check.
                }
            }
        }

        // ---- samples -------------------------------------------------------------------------------

        private void sample(int p) throws ExpositionException {
            if (++samples > limits.maxSamples()) {
                throw new ExpositionException(RejectReason.TOO_MANY_SERIES, lineNo,
                        "more than max-series=" + limits.maxSamples() + " samples");
            }
            int nameEnd = metricNameEnd(p);
            if (nameEnd == p) {
                throw malformed("expected a metric name");
            }
            boolean wanted = wantedName(p, nameEnd);
            labels.clear();
            int q = nameEnd;
            int brace = skipBlanks(nameEnd);
            if (brace < len && line[brace] == '{') {
                q = labelSet(brace + 1, wanted);
            }
            int valueStart = skipBlanks(q);
            if (valueStart == q && q < len) {
                throw malformed("expected a blank before the value");
            }
            int valueEnd = tokenEnd(valueStart);
            if (valueEnd == valueStart) {
                throw malformed("missing value");
            }
            double value = parseFloat(valueStart, valueEnd);
            trailer(valueEnd);
            if (wanted) {
                try {
                    sink.accept(lastNameString, labels, value);
                } catch (ExpositionException e) {
                    throw e.line() > 0 ? e : new ExpositionException(e.reason(), lineNo, e.getMessage());
                }
            }
        }

        /** Optional timestamp, then an optional OpenMetrics exemplar; nothing else may follow the value. */
        private void trailer(int p) throws ExpositionException {
            int ts = skipBlanks(p);
            if (ts == len) {
                return;
            }
            if (line[ts] != '#') {
                int tsEnd = tokenEnd(ts);
                parseFloat(ts, tsEnd);
                ts = skipBlanks(tsEnd);
                if (ts == len) {
                    return;
                }
            }
            if (line[ts] != '#') {
                throw malformed("unexpected text after the value");
            }
            // OpenMetrics exemplar: "# {labels} value [timestamp]"; checked for shape, then ignored.
            int e = skipBlanks(ts + 1);
            if (e >= len || line[e] != '{') {
                throw malformed("malformed exemplar");
            }
            int after = skipLabels(e + 1);
            int v = skipBlanks(after);
            int vEnd = tokenEnd(v);
            if (vEnd == v) {
                throw malformed("exemplar without value");
            }
            parseFloat(v, vEnd);
            int rest = skipBlanks(vEnd);
            if (rest < len) {
                int restEnd = tokenEnd(rest);
                parseFloat(rest, restEnd);
                if (skipBlanks(restEnd) != len) {
                    throw malformed("unexpected text after the exemplar");
                }
            }
        }

        private boolean wantedName(int from, int to) {
            int n = to - from;
            for (int k = 0; k < NAMES_REMEMBERED; k++) {
                byte[] name = names[k];
                if (name != null && name.length == n && Arrays.equals(line, from, to, name, 0, n)) {
                    lastNameString = nameStrings[k];
                    lastWanted = namesWanted[k];
                    return lastWanted;
                }
            }
            int k = nextName++ % NAMES_REMEMBERED;
            names[k] = Arrays.copyOfRange(line, from, to);
            nameStrings[k] = new String(names[k], StandardCharsets.ISO_8859_1);
            namesWanted[k] = sink.wants(nameStrings[k]);
            lastNameString = nameStrings[k];
            lastWanted = namesWanted[k];
            return lastWanted;
        }

        /** Parses {@code name="value",...}} after the opening brace; returns the index after '}'. */
        private int labelSet(int p, boolean keep) throws ExpositionException {
            while (true) {
                p = skipBlanks(p);
                if (p >= len) {
                    throw malformed("unterminated label set");
                }
                if (line[p] == '}') {
                    return p + 1;
                }
                int nameEnd = labelNameEnd(p);
                if (nameEnd == p) {
                    throw malformed("invalid label name");
                }
                int eq = skipBlanks(nameEnd);
                if (eq >= len || line[eq] != '=') {
                    throw malformed("expected '=' after label name");
                }
                int quote = skipBlanks(eq + 1);
                if (quote >= len || line[quote] != '"') {
                    throw malformed("expected '\"' to open a label value");
                }
                int valueEnd = labelValueEnd(quote + 1);
                if (keep) {
                    String name = strings.get(line, p, nameEnd, true);
                    if (labels.get(name) != null) {
                        throw malformed("duplicate label '" + name + "'");
                    }
                    labels.add(name, labelValue(quote + 1, valueEnd));
                }
                p = skipBlanks(valueEnd + 1);
                if (p < len && line[p] == ',') {
                    p++;
                } else if (p >= len || line[p] != '}') {
                    throw malformed("expected ',' or '}' after a label value");
                }
            }
        }

        private int skipLabels(int p) throws ExpositionException {
            return labelSet(p, false);
        }

        /** Index of the closing quote of a label value that starts at {@code p}. */
        private int labelValueEnd(int p) throws ExpositionException {
            for (int i = p; i < len; i++) {
                byte b = line[i];
                if (b == '\\') {
                    if (i + 1 >= len) {
                        break;
                    }
                    byte next = line[i + 1];
                    if (next != '\\' && next != '"' && next != 'n') {
                        throw malformed("invalid escape '\\" + (char) next + "' in label value");
                    }
                    i++;
                } else if (b == '"') {
                    return i;
                }
            }
            throw malformed("unterminated label value");
        }

        private String labelValue(int from, int to) {
            boolean escaped = false;
            for (int i = from; i < to; i++) {
                if (line[i] == '\\') {
                    escaped = true;
                    break;
                }
            }
            if (!escaped) {
                return strings.get(line, from, to, false);
            }
            byte[] out = new byte[to - from];
            int n = 0;
            for (int i = from; i < to; i++) {
                byte b = line[i];
                if (b == '\\') {
                    byte next = line[++i];
                    out[n++] = next == 'n' ? (byte) '\n' : next;
                } else {
                    out[n++] = b;
                }
            }
            return new String(out, 0, n, StandardCharsets.UTF_8);
        }

        // ---- tokens --------------------------------------------------------------------------------

        private int skipBlanks(int p) {
            while (p < len && (line[p] == ' ' || line[p] == '\t')) {
                p++;
            }
            return p;
        }

        private int tokenEnd(int p) {
            while (p < len && line[p] != ' ' && line[p] != '\t') {
                p++;
            }
            return p;
        }

        private int metricNameEnd(int p) {
            int i = p;
            while (i < len) {
                byte b = line[i];
                boolean ok = b == '_' || b == ':' || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')
                        || (i > p && b >= '0' && b <= '9');
                if (!ok) {
                    break;
                }
                i++;
            }
            return i;
        }

        private int labelNameEnd(int p) {
            int i = p;
            while (i < len) {
                byte b = line[i];
                boolean ok = b == '_' || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')
                        || (i > p && b >= '0' && b <= '9');
                if (!ok) {
                    break;
                }
                i++;
            }
            return i;
        }

        /** Go {@code strconv.ParseFloat} syntax as Prometheus accepts it: decimal, exponent, ±Inf, NaN. */
        /**
         * A sample value: a decimal read by FastDoubleParser straight from the line's bytes (correctly rounded,
         * the double {@link Double#parseDouble} gives, without the String and, past 15 digits, the big-number
         * arithmetic the JDK's parse allocates), or one of the format's {@code +Inf}, {@code -Inf} and {@code NaN}.
         * Only digits, a point, an exponent and signs are a decimal here: Java's syntax would also take hex
         * floats and {@code d}/{@code f} suffixes, which are no Prometheus number.
         */
        private double parseFloat(int from, int to) throws ExpositionException {
            int unsigned = from < to && (line[from] == '+' || line[from] == '-') ? from + 1 : from;
            int first = unsigned < to ? line[unsigned] | 0x20 : 0;   // lower case, for ASCII letters
            if (first == 'i' || first == 'n') {
                return special(from, to, unsigned);
            }
            if (unsigned == to) {
                throw malformed("invalid number '" + printable(ascii(from, to)) + "'");
            }
            for (int i = unsigned; i < to; i++) {
                byte c = line[i];
                if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
                    throw malformed("invalid number '" + printable(ascii(from, to)) + "'");
                }
            }
            try {
                return JavaDoubleParser.parseDouble(line, from, to - from);
            } catch (NumberFormatException e) {
                throw malformed("invalid number '" + printable(ascii(from, to)) + "'");
            }
        }

        /** {@code Inf}, {@code Infinity} or {@code NaN}, any case, the infinities signed or not. */
        private double special(int from, int to, int unsigned) throws ExpositionException {
            String token = ascii(from, to);
            String word = ascii(unsigned, to);
            if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity")) {
                return line[from] == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            if (word.equalsIgnoreCase("nan")) {
                return Double.NaN;
            }
            throw malformed("invalid number '" + printable(token) + "'");
        }

        private String ascii(int from, int to) {
            return new String(line, from, to - from, StandardCharsets.ISO_8859_1);
        }

        private ExpositionException malformed(String why) {
            return new ExpositionException(RejectReason.MALFORMED, lineNo, why);
        }

        /** Keeps log lines short and free of control characters whatever the input holds. */
        private static String printable(String s) {
            String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
            return cut.replaceAll("[^\\x20-\\x7e]", "?");
        }
    }
}
