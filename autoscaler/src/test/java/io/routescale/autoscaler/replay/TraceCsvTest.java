package io.routescale.autoscaler.replay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceCsvTest {

    @Test
    void readsTargetsGapsAndExtraColumns() throws Exception {
        Trace t = TraceCsv.read("t.csv", new StringReader("""
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
            "time_s,target,rps\\n0,shop/web,lots|t.csv:2: rps 'lots' is not a number",
            "time_s,target,rps\\n0,shop/web,-4|t.csv:2: rps -4 must be a finite number >= 0",
            "time_s,target,rps\\n0,shop/web,NaN|t.csv:2: rps NaN must be a finite number >= 0",
            "time_s,target,rps\\n0,shop/web,1\\n2,shop/web,1|t.csv:3: time_s 2 for shop/web: expected 1",
            "time_s,target,rps\\n-1,shop/web,1|t.csv:2: time_s -1 is outside",
            "time_s,target,rps\\n|t.csv: no rows after the header"})
    void badRowsNameTheLineAndField(String csv, String expected) {
        ReplayException e = assertThrows(ReplayException.class, () -> TraceCsv.read("t.csv", new StringReader(csv.replace("\\n", "\n"))));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
