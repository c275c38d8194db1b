package io.routescale.autoscaler.replay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceCsvTest {
    private static InputStream utf8(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void plainDecimalsInEveryForm() throws Exception {
        Trace t = TraceCsv.read("t.csv", utf8("time_s,target,rps\n0,a/b,12\n1,a/b,0.5\n2,a/b,.25\n3,a/b,1e3\n4,a/b,2.5E-1\n5,a/b,7.\n6,a/b, 3 \n"));
        assertArrayEquals(new double[] {12, 0.5, 0.25, 1000, 0.25, 7, 3}, t.observed().get("a/b"));
    }

    @Test
    void readsTargetsGapsAndExtraColumns() throws Exception {
        Trace t = TraceCsv.read("t.csv", utf8("""
                target,time_s,rps,p99_s
                shop/web,0,100,0.1
                shop/api,0,5,
                shop/web,1,,0.1
                shop/api,1,7,
                shop/web,2,120,0.2
                shop/api,2,7,
                """));
        assertEquals(3, t.seconds());
        double[] web = t.observed().get("shop/web");
        assertEquals(100, web[0]);
        assertTrue(Double.isNaN(web[1]), "an empty cell is a gap, not zero");
        assertArrayEquals(new double[] {100, 100, 120}, t.offered().get("shop/web"), "the model's load carries over the gap");
        assertArrayEquals(new double[] {5, 7, 7}, t.observed().get("shop/api"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "''|t.csv: empty file",
            "time,target,rps|t.csv:1: header must name time_s, target and rps",
            "time_s,target,rps\\nshop/web,0,1|t.csv:2: time_s 'shop/web' is not a whole number",
            "time_s,target,rps\\n0,shop/web|t.csv:2: 2 fields, the header has 3",
            "time_s,target,rps\\n0,Shop/Web,1|t.csv:2: target 'Shop/Web' is not namespace/name",
            "time_s,target,rps\\n0,shop/web,lots|t.csv:2: rps 'lots' is not a decimal number",
            "time_s,target,rps\\n0,shop/web,5d|t.csv:2: rps '5d' is not a decimal number",
            "time_s,target,rps\\n0,shop/web,1f|t.csv:2: rps '1f' is not a decimal number",
            "time_s,target,rps\\n0,shop/web,0x1p3|t.csv:2: rps '0x1p3' is not a decimal number",
            "time_s,target,rps\\n0,shop/web,+5|t.csv:2: rps '+5' is not a decimal number",
            "time_s,target,rps\\n0,shop/web,1e999|t.csv:2: rps 1e999 must be a finite number >= 0",
            "time_s,target,rps\\n0,shop/web,Infinity|t.csv:2: rps 'Infinity' is not a decimal number",
            "time_s,target,rps\\n0,shop/web,\u0663|t.csv:2: rps '\u0663' is not a decimal number",
            "time_s,target,rps\\n\u0660,shop/web,1|t.csv:2: time_s '\u0660' is not a whole number",
            "time_s,target,rps\\n0,shop/web,-4|t.csv:2: rps -4 must be a finite number >= 0",
            "time_s,target,rps\\n0,shop/web,NaN|t.csv:2: rps 'NaN' is not a decimal number",
            "time_s,target,rps\\n0,shop/web,1\\n2,shop/web,1|t.csv:3: time_s 2 for shop/web: expected 1",
            "time_s,target,rps\\n-1,shop/web,1|t.csv:2: time_s '-1' is not a whole number of seconds",
            "time_s,target,rps\\n|t.csv: no rows after the header"})
    void badRowsNameTheLineAndField(String csv, String expected) {
        ReplayException e = assertThrows(ReplayException.class, () -> TraceCsv.read("t.csv", utf8(csv.replace("\\n", "\n"))));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
