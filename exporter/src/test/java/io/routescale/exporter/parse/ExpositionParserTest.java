package io.routescale.exporter.parse;

import io.routescale.exporter.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpositionParserTest {
    private static final ExpositionParser PARSER = new ExpositionParser(ParseLimits.DEFAULT);

    private static RecordingSink parse(String body) throws Exception {
        return parse(body, PARSER);
    }

    private static RecordingSink parse(String body, ExpositionParser parser) throws Exception {
        RecordingSink sink = new RecordingSink(n -> true);
        parser.parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), sink);
        return sink;
    }

    @ParameterizedTest
    @MethodSource("io.routescale.exporter.testing.Fixtures#captures")
    void everyRealCaptureParsesWithEverySampleDelivered(String capture) throws Exception {
        String body = Fixtures.text(capture);
        RecordingSink sink = parse(body);
        assertEquals(Fixtures.sampleLines(body), sink.samples.size(), capture);
    }

    @Test
    void exponentFormCountersFromTheNetdataCaptureKeepTheirValue() throws Exception {
        RecordingSink sink = parse(Fixtures.text("v2.2.1-netdata-godplugin-entrypoints.prom"));
        assertTrue(sink.samples.stream().anyMatch(s -> s.value() == 6.77133599e+08 || s.value() > 1e6),
                "expected a counter past one million, written in exponent form");
    }

    static Stream<Arguments> validLines() {
        return Stream.of(
                Arguments.of("plain", "a 1\n", "a", "{}", 1.0),
                Arguments.of("labels", "a{x=\"1\",y=\"2\"} 3\n", "a", "{x=\"1\",y=\"2\"}", 3.0),
                Arguments.of("trailing comma", "a{x=\"1\",} 3\n", "a", "{x=\"1\"}", 3.0),
                Arguments.of("blanks around tokens", "a { x = \"1\" } \t 3 \n", "a", "{x=\"1\"}", 3.0),
                Arguments.of("escapes", "a{x=\"q\\\"b\\\\n\\n\"} 1\n", "a", "{x=\"q\"b\\n\n\"}", 1.0),
                Arguments.of("exponent", "a 6.77133599e+08\n", "a", "{}", 6.77133599e+08),
                Arguments.of("negative exponent", "a 1.5E-3\n", "a", "{}", 1.5e-3),
                Arguments.of("+Inf", "a +Inf\n", "a", "{}", Double.POSITIVE_INFINITY),
                Arguments.of("-Inf", "a -Inf\n", "a", "{}", Double.NEGATIVE_INFINITY),
                Arguments.of("timestamp", "a 2 1700000000000\n", "a", "{}", 2.0),
                Arguments.of("float timestamp (OpenMetrics)", "a 2 1700000000.123\n", "a", "{}", 2.0),
                Arguments.of("exemplar", "a_total 5 # {trace_id=\"abc\"} 1.0 1700000000.1\n", "a_total", "{}", 5.0),
                Arguments.of("utf-8 label value", "a{x=\"ünïcødé\"} 1\n", "a", "{x=\"ünïcødé\"}", 1.0),
                Arguments.of("colon in name", "job:a:rate5m 1\n", "job:a:rate5m", "{}", 1.0),
                Arguments.of("CRLF line end", "a 1\r\n", "a", "{}", 1.0),
                Arguments.of("no final newline", "a 7", "a", "{}", 7.0),
                Arguments.of("EXTENSION_METHOD and code 0", "m{code=\"0\",method=\"EXTENSION_METHOD\"} 1\n", "m",
                        "{code=\"0\",method=\"EXTENSION_METHOD\"}", 1.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validLines")
    void acceptsValidLine(String label, String body, String name, String labels, double value) throws Exception {
        RecordingSink sink = parse("# HELP x y\n# TYPE a counter\n\n" + body);
        assertEquals(List.of(new RecordingSink.Sample(name, labels, value)), sink.samples);
    }

    @Test
    void nanValueIsDeliveredAsNan() throws Exception {
        assertTrue(Double.isNaN(parse("a NaN\n").samples.get(0).value()));
    }

    @Test
    void openMetricsEofEndsTheBody() throws Exception {
        RecordingSink sink = parse("# TYPE a counter\n# UNIT a seconds\na_total 1\n# EOF\n");
        assertEquals(1, sink.samples.size());
        ExpositionException e = assertThrows(ExpositionException.class, () -> parse("a 1\n# EOF\nb 2\n"));
        assertEquals(RejectReason.MALFORMED, e.reason());
        assertEquals(3, e.line());
    }

    /** Issue 13 item 5: an OpenMetrics body cut short used to be accepted; the text format has no end marker. */
    @Test
    void anOpenMetricsBodyMustEndWithEof() throws Exception {
        String body = "# TYPE a counter\na_total 1\n";
        RecordingSink sink = new RecordingSink(n -> true);
        PARSER.parse(new ByteArrayInputStream((body + "# EOF\n").getBytes(StandardCharsets.UTF_8)), sink, true);
        assertEquals(1, sink.samples.size());
        ExpositionException e = assertThrows(ExpositionException.class, () -> PARSER.parse(
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), new RecordingSink(n -> true), true));
        assertEquals(RejectReason.MALFORMED, e.reason());
        assertTrue(e.getMessage().contains("OpenMetrics body without '# EOF'"), e.getMessage());
        assertEquals(1, parse(body).samples.size(), "text format 0.0.4 needs no # EOF");
        assertTrue(ExpositionParser.isOpenMetrics("application/openmetrics-text; version=1.0.0; charset=utf-8"));
        assertTrue(!ExpositionParser.isOpenMetrics("text/plain; version=0.0.4; charset=utf-8"));
    }

    static Stream<Arguments> malformedLines() {
        return Stream.of(
                Arguments.of("no value", "a\n"),
                Arguments.of("no value after labels", "a{x=\"1\"}\n"),
                Arguments.of("unterminated labels", "a{x=\"1\" 1\n"),
                Arguments.of("unterminated value", "a{x=\"1} 1\n"),
                Arguments.of("unquoted label value", "a{x=1} 1\n"),
                Arguments.of("bad escape", "a{x=\"\\t\"} 1\n"),
                Arguments.of("label name starts with digit", "a{1x=\"1\"} 1\n"),
                Arguments.of("metric name starts with digit", "1a 1\n"),
                Arguments.of("text value", "a one\n"),
                Arguments.of("Java float suffix", "a 1.0d\n"),
                Arguments.of("hex float", "a 0x1p3\n"),
                Arguments.of("a word that starts like NaN", "a nope\n"),
                Arguments.of("a word that starts like Inf", "a -infinit\n"),
                Arguments.of("a sign alone", "a +\n"),
                Arguments.of("an exponent without digits", "a 1e\n"),
                Arguments.of("two points", "a 1.2.3\n"),
                Arguments.of("two signs", "a --1\n"),
                Arguments.of("two values", "a 1 2 3\n"),
                Arguments.of("duplicate label", "a{x=\"1\",x=\"2\"} 1\n"),
                Arguments.of("missing comma", "a{x=\"1\" y=\"2\"} 1\n"),
                Arguments.of("bad TYPE", "# TYPE a countr\n"),
                Arguments.of("TYPE without name", "# TYPE\n"),
                Arguments.of("value glued to labels", "a{x=\"1\"}1\n"),
                Arguments.of("broken exemplar", "a_total 1 # trace 1\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedLines")
    void rejectsMalformedLineWithItsNumber(String label, String line) {
        ExpositionException e = assertThrows(ExpositionException.class, () -> parse("ok 1\n" + line));
        assertEquals(RejectReason.MALFORMED, e.reason(), e.getMessage());
        assertEquals(2, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("line 2: "), e.getMessage());
    }

    @Test
    void unwantedFamiliesAreStillCheckedForSyntax() {
        ExpositionParser parser = PARSER;
        RecordingSink none = new RecordingSink(n -> false);
        byte[] body = "a{x=\"1\"} oops\n".getBytes(StandardCharsets.UTF_8);
        assertThrows(ExpositionException.class, () -> parser.parse(new ByteArrayInputStream(body), none));
    }

    @Test
    void bodyLargerThanTheCapIsRejected() {
        ExpositionParser small = new ExpositionParser(new ParseLimits(1024, 1000, 1024));
        String body = "a 1\n".repeat(300);
        ExpositionException e = assertThrows(ExpositionException.class, () -> parse(body, small));
        assertEquals(RejectReason.BODY_TOO_LARGE, e.reason());
    }

    @Test
    void moreSamplesThanTheCapIsRejected() {
        ExpositionParser small = new ExpositionParser(new ParseLimits(1 << 20, 10, 1024));
        ExpositionException e = assertThrows(ExpositionException.class, () -> parse("a 1\n".repeat(11), small));
        assertEquals(RejectReason.TOO_MANY_SERIES, e.reason());
        assertEquals(11, e.line());
    }

    @Test
    void lineLongerThanTheCapIsRejectedBeforeItIsBuffered() {
        ExpositionParser small = new ExpositionParser(new ParseLimits(1 << 20, 10, 256));
        String body = "a{x=\"" + "v".repeat(100_000) + "\"} 1\n";
        ExpositionException e = assertThrows(ExpositionException.class, () -> parse(body, small));
        assertEquals(RejectReason.LINE_TOO_LONG, e.reason());
    }

    @Test
    void readsBodiesThatArriveInTinyPieces() throws Exception {
        String body = Fixtures.text("v2.4-covidpass-docker-compose.prom");
        RecordingSink sink = new RecordingSink(n -> true);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        PARSER.parse(new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7));
            }
        }, sink);
        assertEquals(parse(body).samples, sink.samples);
    }

    @Test
    void statsCountBytesLinesAndSamples() throws IOException, ExpositionException {
        byte[] body = "# HELP a x\na 1\nb 2\n".getBytes(StandardCharsets.UTF_8);
        ParseStats stats = PARSER.parse(new ByteArrayInputStream(body), new RecordingSink(n -> true));
        assertEquals(new ParseStats(body.length, 3, 2), stats);
    }

    /**
     * Values are read from the bytes by FastDoubleParser, not by {@code Double.parseDouble}; every value must still
     * be the double {@code Double.parseDouble} gives, to the bit: 30,000 random decimals of every shape (signs, leading and
     * trailing zeros, up to 20 digits, exponents from -30 to 30, with and without a point), and the edges.
     */
    @Test
    void everyValueIsTheDoubleParseDoubleGivesToTheBit() throws Exception {
        java.util.Random random = new java.util.Random(20261203);
        List<String> tokens = new java.util.ArrayList<>(List.of("0", "-0", "+0", "0.0", "-0.0", "1.", ".5", "+.5", "-.5e1",
                "007", "1e22", "1e23", "1e-22", "1e-23", "123456789012345", "1234567890123456", "999999999999999e22",
                "0.1", "0.3", "2.2250738585072014e-308", "4.9e-324", "1.7976931348623157e308", "1e0005", "9007199254740993"));
        for (int n = 0; n < 30_000; n++) {
            StringBuilder t = new StringBuilder();
            int shape = random.nextInt(4);
            if (random.nextInt(4) == 0) {
                t.append(random.nextBoolean() ? '-' : '+');
            }
            int digits = 1 + random.nextInt(20);
            int point = shape == 0 ? -1 : random.nextInt(digits + 1);
            for (int d = 0; d < digits; d++) {
                if (d == point) {
                    t.append('.');
                }
                t.append((char) ('0' + (d == 0 && random.nextInt(3) == 0 ? 0 : random.nextInt(10))));
            }
            if (shape >= 2) {
                t.append(random.nextBoolean() ? 'e' : 'E').append(random.nextInt(3) == 0 ? "-" : random.nextBoolean() ? "+" : "")
                        .append(random.nextInt(31));
            }
            tokens.add(t.toString());
        }
        StringBuilder body = new StringBuilder();
        for (int k = 0; k < tokens.size(); k++) {
            body.append("m{k=\"").append(k).append("\"} ").append(tokens.get(k)).append('\n');
        }
        RecordingSink sink = parse(body.toString(), new ExpositionParser(new ParseLimits(64L << 20, 1_000_000, 65536)));
        assertEquals(tokens.size(), sink.samples.size());
        for (int k = 0; k < tokens.size(); k++) {
            double expected = Double.parseDouble(tokens.get(k));
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(sink.samples.get(k).value()),
                    tokens.get(k) + ": " + expected + " vs " + sink.samples.get(k).value());
        }
    }
}
