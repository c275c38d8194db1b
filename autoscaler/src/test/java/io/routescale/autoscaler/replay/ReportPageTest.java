package io.routescale.autoscaler.replay;

import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code report.html} as a person sees it: the replay writes it, the Debian chromium opens it (driven by npm
 * playwright-core, {@code src/test/node/report-check.mjs}), and every chart, series and number must be there,
 * with no console error and no request but the page itself. The screenshot is the README's
 * ({@code -Droutescale.writeResults=true} rewrites {@code docs/images/replay-report.png}).
 */
class ReportPageTest {
    private static final Path NODE_DIR = Path.of("src/test/node");
    private static final Path README_SCREENSHOT = Path.of("..", "docs", "images", "replay-report.png");

    @TempDir
    Path dir;

    @Test
    void theReplaysPageDrawsEverySeriesOfflineWithoutErrors() throws Exception {
        Path report = dir.resolve("report");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ReplayCommand.run(new String[] {"--trace", "src/test/resources/traces/wc98-semifinal-spike.csv",
                "--report", report.toString()}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString());
        Path png = dir.resolve("report.png");
        Map<?, ?> seen = openInChromium(report.resolve("report.html"), png);

        assertEquals(List.of(), seen.get("consoleErrors"));
        assertEquals(List.of(), seen.get("pageErrors"));
        assertEquals(List.of(), seen.get("requests"), "the page fetches nothing");
        assertEquals("4", seen.get("drawn"));
        List<?> charts = (List<?>) seen.get("charts");
        assertEquals(List.of(
                        Map.of("id", "load-chart", "title", "Offered load", "legend", List.of("minute", "offered load (rps)")),
                        Map.of("id", "replicas-chart", "title", "Replicas (all targets)",
                                "legend", List.of("minute", "routescale", "hpa", "kpa", "oracle")),
                        Map.of("id", "p99-chart", "title", "Modelled p99 latency (overload drawn at 60 s)",
                                "legend", List.of("minute", "routescale", "hpa", "kpa", "oracle", "SLO 0.25 s")),
                        Map.of("id", "frontier-chart",
                                "title", "Cost against SLO violations: the baselines at every target of the sweep, and routescale",
                                "legend", List.of("pod-seconds", "HPA frontier", "KPA frontier", "routescale"))),
                charts.stream().map(c -> Map.of("id", ((Map<?, ?>) c).get("id"), "title", ((Map<?, ?>) c).get("title"),
                        "legend", ((Map<?, ?>) c).get("legend"))).toList());
        for (Object c : charts) {
            assertEquals(List.of(1100, 260), ((Map<?, ?>) c).get("canvas"), "drawn at its size: " + c);
        }

        // The table shows report.json's own numbers.
        Map<?, ?> json = ObjectMapper.getDefault().readValue(Files.readAllBytes(report.resolve("report.json")), Map.class);
        Map<?, ?> routescale = (Map<?, ?>) ((Map<?, ?>) json.get("policies")).get("routescale");
        List<?> rows = (List<?>) seen.get("table");
        assertEquals(List.of("policy", "SLO-violation s", "pod-seconds", "× oracle", "scale actions", "direction changes"), rows.get(0));
        List<?> first = (List<?>) rows.get(1);
        assertEquals("routescale", first.get(0));
        assertEquals(String.valueOf(((Number) routescale.get("sloViolationSeconds")).longValue()), first.get(1));
        assertEquals(String.format(java.util.Locale.ROOT, "%,.0f", ((Number) routescale.get("podSeconds")).doubleValue()), first.get(2));
        assertEquals(5, rows.size(), "routescale, hpa, kpa, oracle");

        byte[] header = java.util.Arrays.copyOf(Files.readAllBytes(png), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, header);
        if (Boolean.getBoolean("routescale.writeResults")) {
            Files.createDirectories(README_SCREENSHOT.getParent());
            Files.copy(png, README_SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void aHostileTraceNameCannotEndTheDataScriptOrTheTitle() throws Exception {
        StringBuilder csv = new StringBuilder("time_s,target,rps\n");
        for (int t = 0; t < 120; t++) {
            csv.append(t).append(",shop/web,100\n");
        }
        // The path is the report's trace name: ".../a</script><script>alert(1)<!--.csv".
        Path trace = Files.writeString(Files.createDirectories(dir.resolve("a<")).resolve("script><script>alert(1)<!--.csv"), csv);
        Path report = dir.resolve("out");
        assertEquals(0, ReplayCommand.run(new String[] {"--trace", trace.toString(), "--report", report.toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        String html = Files.readString(report.resolve("report.html"));
        assertFalse(html.contains("<script>alert(1)"), "the name is escaped wherever it appears");
        assertEquals(3, html.split("<script", -1).length - 1, "uPlot, the data and the page's own script; nothing else");
        assertFalse(html.matches("(?s).*(src|href)\\s*=\\s*\"?(https?:)?//.*"), "nothing is loaded from elsewhere");
        Map<?, ?> seen = openInChromium(report.resolve("report.html"), dir.resolve("hostile.png"));
        assertEquals(List.of(), seen.get("pageErrors"));
        assertEquals("4", seen.get("drawn"));
    }

    /** Runs report-check.mjs; what it printed, parsed. */
    private static Map<?, ?> openInChromium(Path html, Path png) throws IOException, InterruptedException {
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules/playwright-core"))) {
            throw new IllegalStateException("playwright-core is not installed: run the README's test command, which runs "
                    + "npm ci --prefix autoscaler/src/test/node");
        }
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        if (!Files.isExecutable(Path.of(chromium))) {
            throw new IllegalStateException("chromium is not installed: run the README's test command, which installs the "
                    + "Debian package 'chromium'");
        }
        Process p = new ProcessBuilder("node", "report-check.mjs", html.toAbsolutePath().toString(), png.toAbsolutePath().toString())
                .directory(NODE_DIR.toFile()).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String errors = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "report-check.mjs did not finish");
        assertEquals(0, p.exitValue(), errors);
        return ObjectMapper.getDefault().readValue(out, Map.class);
    }
}
