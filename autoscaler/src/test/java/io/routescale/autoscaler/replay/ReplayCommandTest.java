package io.routescale.autoscaler.replay;

import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command as a user runs it: arguments in, exit code, terminal table and files out. */
class ReplayCommandTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ReplayCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void traceReplayWritesTheReportOtherToolsRead() throws Exception {
        StringBuilder csv = new StringBuilder("time_s,target,rps\n");
        for (int t = 0; t < 300; t++) {
            csv.append(t).append(",shop/web,").append(t < 100 ? 200 : 900).append('\n');
        }
        Path trace = Files.writeString(dir.resolve("spike.csv"), csv);
        Path report = dir.resolve("out");
        assertEquals(0, run("--trace", trace.toString(), "--report", report.toString()), err.toString());
        Map<?, ?> json = ObjectMapper.getDefault().readValue(Files.readAllBytes(report.resolve("report.json")), Map.class);
        Map<?, ?> policies = (Map<?, ?>) json.get("policies");
        assertEquals(List.of("routescale", "hpa", "kpa", "oracle"), List.copyOf(policies.keySet()));
        for (Object p : policies.values()) {
            Map<?, ?> r = (Map<?, ?>) p;
            for (String field : List.of("sloViolationSeconds", "podSeconds", "scaleActions", "directionChanges")) {
                assertTrue(r.get(field) instanceof Number, field);
            }
            assertEquals(300, ((List<?>) r.get("replicas")).size(), "one value per trace second");
        }
        assertTrue(Files.readString(report.resolve("plot.svg")).startsWith("<svg"));
        assertTrue(out.toString().contains("routescale"), out.toString());
    }

    @Test
    void badTraceRowFailsWithItsLineAndWritesNothing() throws Exception {
        Path trace = Files.writeString(dir.resolve("bad.csv"), "time_s,target,rps\n0,shop/web,10\n1,shop/web,ten\n");
        Path report = dir.resolve("out");
        assertEquals(2, run("--trace", trace.toString(), "--report", report.toString()));
        assertTrue(err.toString().contains(":3: rps 'ten' is not a decimal number"), err.toString());
        assertFalse(Files.exists(report), "nothing half-written");
    }

    @Test
    void badBytesAndHugeLinesNameTheFileAndLineAndAByteOrderMarkIsRead() throws Exception {
        byte[] bad = "time_s,target,rps\n0,shop/web,10\n1,shop/web,\u00ff\n".getBytes(StandardCharsets.ISO_8859_1);
        Path latin1 = Files.write(dir.resolve("latin1.csv"), bad);
        assertEquals(2, run("--trace", latin1.toString(), "--report", dir.resolve("a").toString()));
        assertEquals("replay: " + latin1 + ":3: not UTF-8 text\n", err.toString());

        err.reset();
        Path huge = dir.resolve("huge.csv");
        try (var w = Files.newBufferedWriter(huge)) {
            w.write("time_s,target,rps\n0,shop/web,");
            w.write("1".repeat(3 * TraceCsv.MAX_LINE_BYTES));
        }
        assertEquals(2, run("--trace", huge.toString(), "--report", dir.resolve("b").toString()));
        assertEquals("replay: " + huge + ":2: line longer than 65536 bytes\n", err.toString());

        Path bom = Files.write(dir.resolve("bom.csv"), ("\uFEFFtime_s,target,rps\r\n0,shop/web,10\r\n1,shop/web,12\r\n")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(0, run("--trace", bom.toString(), "--report", dir.resolve("c").toString()), err.toString());
    }

    @Test
    void directoriesAndTheBuiltInPolicysLimitsAreSaidPlainly() throws Exception {
        Path trace = Files.writeString(dir.resolve("t.csv"), "time_s,target,rps\n0,shop/web,10\n");
        assertEquals(2, run("--trace", trace.toString(), "--policy", dir.toString(), "--report", dir.resolve("a").toString()));
        assertEquals("replay: " + dir + ": is a directory, expected a policy YAML file\n", err.toString());
        err.reset();
        assertEquals(2, run("--trace", dir.toString(), "--report", dir.resolve("a").toString()));
        assertEquals("replay: " + dir + ": is a directory, expected a trace CSV file\n", err.toString());

        err.reset();
        StringBuilder many = new StringBuilder("time_s,target,rps\n");
        for (int i = 0; i < 12_000; i++) {
            many.append("0,ns/t").append(i).append(",1\n");
        }
        Path wide = Files.writeString(dir.resolve("wide.csv"), many);
        assertEquals(2, run("--trace", wide.toString(), "--report", dir.resolve("b").toString()));
        assertTrue(err.toString().startsWith("replay: " + wide + ":10002: more than 10000 targets in one trace"), err.toString());

        err.reset();
        // 5,000 targets with long (valid) names: the built-in policy's document would pass the parser's 1 MiB bound.
        StringBuilder longNames = new StringBuilder("time_s,target,rps\n");
        for (int i = 0; i < 5_000; i++) {
            longNames.append("0,ns/").append(String.format("%0240d", i)).append(",1\n");
        }
        Path big = Files.writeString(dir.resolve("big.csv"), longNames);
        assertEquals(2, run("--trace", big.toString(), "--report", dir.resolve("c").toString()));
        assertTrue(err.toString().startsWith("replay: the trace has 5000 targets, more than the built-in policy declares ("),
                err.toString());
        assertTrue(err.toString().endsWith("): give --policy with the targets to replay\n"), err.toString());
    }

    @Test
    void aNulByteIsNotPartOfANumber() throws Exception {
        Path trace = Files.writeString(dir.resolve("nul.csv"), "time_s,target,rps\n0,shop/web,1\u0000\n");
        assertEquals(2, run("--trace", trace.toString(), "--report", dir.resolve("a").toString()));
        assertEquals("replay: " + trace + ":2: rps '1\\u0000' is not a decimal number (digits, '.', an exponent)\n", err.toString());
    }

    @Test
    void aLoadBeyondTheModelsReplicaBoundIsRefusedNotOverflowed() throws Exception {
        Path trace = Files.writeString(dir.resolve("t.csv"), "time_s,target,rps\n0,shop/web,1e12\n0,shop/api,1e12\n");
        assertEquals(2, run("--trace", trace.toString(), "--report", dir.resolve("a").toString()));
        assertTrue(err.toString().startsWith("replay: " + trace + ": shop/web at second 0: rps 1.0E12 needs more than 100000 replicas"),
                err.toString());
    }

    @Test
    void aFolderThatCannotBeWrittenLeavesNoReportOfTheRunBehind() throws Exception {
        Path report = dir.resolve("out");
        Files.createDirectories(report);
        // A file where the third scenario's folder would go: its reports cannot be written.
        Files.writeString(report.resolve(Scenarios.names().get(2)), "in the way");
        assertEquals(1, run("--report", report.toString()));
        assertTrue(err.toString().startsWith("replay: cannot write "), err.toString());
        assertTrue(err.toString().endsWith(": no report written\n"), err.toString());
        try (var left = Files.list(report)) {
            assertEquals(List.of(report.resolve(Scenarios.names().get(2))), left.toList(), "nothing else, no temporary files");
        }
    }

    @Test
    void invalidPolicyFailsWithTheField() throws Exception {
        Path policy = Files.writeString(dir.resolve("p.yaml"), "targets: [{namespace: shop, name: web, maxReplicas: 0, signals: [{type: rpsPerReplica, target: 60}]}]");
        assertEquals(2, run("--scenario", "flash-crowd", "--policy", policy.toString(), "--report", dir.resolve("o").toString()));
        assertTrue(err.toString().contains("targets[0].maxReplicas"), err.toString());
        assertFalse(Files.exists(dir.resolve("o")));
    }

    @Test
    void unknownScenarioUnreachablePrometheusAndTwoInputsAreRefused() {
        assertEquals(2, run("--scenario", "tuesday"));
        assertTrue(err.toString().contains("unknown scenario 'tuesday'"), err.toString());
        assertEquals(2, run("--prometheus", "http://127.0.0.1:" + io.routescale.exporter.testing.RealPrometheus.freePort(),
                "--from", "2026-11-27T10:00:00Z", "--to", "2026-11-27T11:00:00Z"));
        assertTrue(err.toString().contains("cannot read Prometheus"), err.toString());
        assertEquals(2, run("--scenario", "diurnal", "--trace", "x.csv"));
        assertTrue(err.toString().contains("give one of --trace, --scenario, --prometheus"), err.toString());
        assertEquals(2, run("--scenario", "diurnal", "--slo-seconds", "0.01"));
        assertTrue(err.toString().contains("model:"), err.toString());
    }

    @Test
    void aSeedReplaysTheScenarioWithOtherNoiseAndOnlyAScenario() throws Exception {
        assertEquals(0, run("--scenario", "diurnal", "--seed", "3", "--report", dir.resolve("s3").toString()), err.toString());
        assertEquals(0, run("--scenario", "diurnal", "--report", dir.resolve("s0").toString()), err.toString());
        Map<?, ?> seeded = report(dir.resolve("s3"));
        Map<?, ?> bundled = report(dir.resolve("s0"));
        assertEquals("scenario diurnal (seed 3)", seeded.get("trace"));
        assertEquals("scenario diurnal", bundled.get("trace"));
        assertFalse(seeded.get("load").equals(bundled.get("load")), "another seed, other noise");

        Path trace = Files.writeString(dir.resolve("t.csv"), "time_s,target,rps\n0,shop/web,10\n");
        assertEquals(2, run("--trace", trace.toString(), "--seed", "3", "--report", dir.resolve("no").toString()));
        assertTrue(err.toString().contains("--seed varies the bundled scenarios only"), err.toString());
        assertFalse(Files.exists(dir.resolve("no")));
    }

    @Test
    void baselinePolicyGivesTheHpaAndKpaTheirOwnTargets() throws Exception {
        Path considered = Files.writeString(dir.resolve("considered.yaml"),
                "targets: [{namespace: shop, name: web, maxReplicas: 1000, signals: [{type: rpsPerReplica, target: 70}]}]");
        // Today's HPA also has its own ceiling: 20 replicas, short of the 28 a 1500 rps crowd asks at 55.
        Path today = Files.writeString(dir.resolve("today.yaml"),
                "targets: [{namespace: shop, name: web, maxReplicas: 20, signals: [{type: rpsPerReplica, target: 55}]}]");
        assertEquals(0, run("--scenario", "flash-crowd", "--policy", considered.toString(), "--baseline-policy", today.toString(),
                "--report", dir.resolve("mixed").toString()), err.toString());
        assertEquals(0, run("--scenario", "flash-crowd", "--policy", considered.toString(), "--report", dir.resolve("considered").toString()), err.toString());
        assertEquals(0, run("--scenario", "flash-crowd", "--policy", today.toString(), "--report", dir.resolve("today").toString()), err.toString());
        Map<?, ?> mixed = report(dir.resolve("mixed"));
        assertEquals(today.toString(), mixed.get("baselinePolicy"));
        assertEquals(considered.toString(), mixed.get("policy"));
        // routescale as with its own policy alone; the HPA and the KPA as with today's.
        assertEquals(policy(report(dir.resolve("considered")), "routescale"), policy(mixed, "routescale"));
        for (String baseline : List.of("hpa", "kpa", "oracle")) {
            assertEquals(policy(report(dir.resolve("today")), baseline), policy(mixed, baseline), baseline);
        }
        assertFalse(policy(mixed, "hpa").equals(policy(report(dir.resolve("considered")), "hpa")), "the targets differ, so must the HPA");
        List<?> hpaReplicas = (List<?>) ((Map<?, ?>) policy(mixed, "hpa")).get("replicas");
        assertEquals(20, hpaReplicas.stream().mapToInt(r -> ((Number) r).intValue()).max().orElseThrow(), "today's maxReplicas");

        Path elsewhere = Files.writeString(dir.resolve("elsewhere.yaml"),
                "targets: [{namespace: shop, name: api, signals: [{type: rpsPerReplica, target: 55}]}]");
        assertEquals(2, run("--scenario", "flash-crowd", "--baseline-policy", elsewhere.toString(), "--report", dir.resolve("no").toString()));
        assertTrue(err.toString().contains("trace target 'shop/web' is not in the baselines' policy"), err.toString());
        assertFalse(Files.exists(dir.resolve("no")));
    }

    private static Map<?, ?> report(Path folder) throws Exception {
        return ObjectMapper.getDefault().readValue(Files.readAllBytes(folder.resolve("report.json")), Map.class);
    }

    private static Object policy(Map<?, ?> report, String name) {
        return ((Map<?, ?>) report.get("policies")).get(name);
    }

    @Test
    void allScenariosByDefault() {
        assertEquals(0, run("--report", dir.resolve("all").toString()), err.toString());
        for (String s : Scenarios.names()) {
            assertTrue(Files.exists(dir.resolve("all").resolve(s).resolve("report.json")), s);
        }
    }

}
