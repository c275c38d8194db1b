package io.routescale.autoscaler.replay;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a trace CSV: a header naming at least {@code time_s,target,rps} (any order; other columns are
 * ignored), then one row per target per second. {@code target} is {@code namespace/name}; an empty {@code rps}
 * cell is missing data; {@code time_s} is a whole second from 0. Any bad row stops the read with its line and
 * field: nothing half-read is ever replayed. Numbers are plain ASCII decimals ({@code 12}, {@code 0.5},
 * {@code 1e3}): not Java's wider grammar, which also takes {@code 5d}, {@code 0x1p3} and other scripts' digits.
 * The file is UTF-8 (a leading byte-order mark is skipped); a line is at most {@link #MAX_LINE_BYTES}.
 */
public final class TraceCsv {
    private static final Pattern TARGET = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    private static final int MAX_SECONDS = 31 * 24 * 3600;
    private static final Pattern WHOLE = Pattern.compile("[0-9]{1,9}");
    private static final Pattern DECIMAL = Pattern.compile("([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]{1,3})?");
    static final int MAX_LINE_BYTES = 64 * 1024;
    /** With {@link ClusterModel#MAX_REPLICAS} each, the summed counts stay inside an int. */
    static final int MAX_TARGETS = 10_000;

    private TraceCsv() {
    }

    public static Trace read(String name, InputStream in) throws ReplayException, IOException {
        Lines lines = new Lines(name, new BufferedInputStream(in));
        String header = lines.next();
        if (header == null) {
            throw new ReplayException(name + ": empty file, expected a header with time_s,target,rps");
        }
        List<String> columns = Arrays.stream(header.split(",", -1)).map(String::strip).toList();
        int time = columns.indexOf("time_s");
        int target = columns.indexOf("target");
        int rps = columns.indexOf("rps");
        if (time < 0 || target < 0 || rps < 0) {
            throw new ReplayException(name + ":1: header must name time_s, target and rps, got '" + header + "'");
        }
        Map<String, List<Double>> byTarget = new LinkedHashMap<>();
        String line;
        int lineNo = 1;
        while ((line = lines.next()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != columns.size()) {
                throw new ReplayException(name + ":" + lineNo + ": " + cells.length + " fields, the header has " + columns.size());
            }
            String where = name + ":" + lineNo + ": ";
            String timeCell = cells[time].strip();
            if (!WHOLE.matcher(timeCell).matches()) {
                throw new ReplayException(where + "time_s '" + printable(cells[time]) + "' is not a whole number of seconds");
            }
            int t = Integer.parseInt(timeCell);
            if (t < 0 || t > MAX_SECONDS) {
                throw new ReplayException(where + "time_s " + t + " is outside 0.." + MAX_SECONDS);
            }
            String tgt = cells[target].strip();
            if (!TARGET.matcher(tgt).matches()) {
                throw new ReplayException(where + "target '" + printable(tgt) + "' is not namespace/name");
            }
            String cell = cells[rps].strip();
            double value;
            if (cell.isEmpty()) {
                value = Double.NaN;
            } else {
                if (cell.startsWith("-") && DECIMAL.matcher(cell.substring(1)).matches()) {
                    throw new ReplayException(where + "rps " + cell + " must be a finite number >= 0 (leave it empty for a gap)");
                }
                if (!DECIMAL.matcher(cell).matches()) {
                    throw new ReplayException(where + "rps '" + printable(cell) + "' is not a decimal number (digits, '.', an exponent)");
                }
                value = Double.parseDouble(cell);
                if (Double.isInfinite(value)) {
                    throw new ReplayException(where + "rps " + cell + " must be a finite number >= 0 (leave it empty for a gap)");
                }
            }
            if (!byTarget.containsKey(tgt) && byTarget.size() == MAX_TARGETS) {
                throw new ReplayException(where + "more than " + MAX_TARGETS + " targets in one trace");
            }
            List<Double> series = byTarget.computeIfAbsent(tgt, k -> new ArrayList<>());
            if (t != series.size()) {
                throw new ReplayException(where + "time_s " + t + " for " + tgt + ": expected " + series.size()
                        + " (one row per target per second, in order)");
            }
            series.add(value);
        }
        if (byTarget.isEmpty()) {
            throw new ReplayException(name + ": no rows after the header");
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        byTarget.forEach((k, v) -> out.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
        return Trace.ofObserved(name, out);
    }

    /** A cell as an error message may show it: control characters escaped, at most 40 characters. */
    private static String printable(String cell) {
        StringBuilder b = new StringBuilder();
        cell.codePoints().limit(40).forEach(c -> b.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : Character.toString(c)));
        return cell.codePointCount(0, cell.length()) > 40 ? b + "..." : b.toString();
    }

    /** The file's lines, each decoded strictly as UTF-8 and bounded in length, so a bad byte is named by its line. */
    private static final class Lines {
        private final String name;
        private final InputStream in;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        private int number;

        Lines(String name, InputStream in) {
            this.name = name;
            this.in = in;
        }

        String next() throws IOException, ReplayException {
            line.reset();
            number++;
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (line.size() == MAX_LINE_BYTES) {
                    throw new ReplayException(name + ":" + number + ": line longer than " + MAX_LINE_BYTES + " bytes");
                }
                line.write(b);
            }
            if (b == -1 && line.size() == 0) {
                return null;
            }
            byte[] bytes = line.toByteArray();
            int start = number == 1 && bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
                    && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
            int end = bytes.length > start && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            try {
                return utf8.decode(ByteBuffer.wrap(bytes, start, end - start)).toString(); // decode() resets it
            } catch (CharacterCodingException e) {
                throw new ReplayException(name + ":" + number + ": not UTF-8 text");
            }
        }
    }
}
