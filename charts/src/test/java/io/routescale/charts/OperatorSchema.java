package io.routescale.charts;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus Operator objects (PodMonitor, ServiceMonitor, PrometheusRule) checked against the operator's CRD
 * schemas, through the npm package {@code @kubernetes-models/prometheus-operator} (types, required fields,
 * enums, patterns such as durations; not unknown fields). Node and the package are installed by
 * scripts/test.sh ({@code npm ci --prefix charts/src/test/node}).
 */
final class OperatorSchema {
    private OperatorSchema() {
    }

    /** One problem string per invalid object ("PodMonitor x: ..."); empty when all are valid. */
    static List<String> problems(List<Map<String, Object>> objects) throws IOException, InterruptedException {
        if (!Files.isDirectory(Repo.NODE_TOOLS.resolve("node_modules/@kubernetes-models/prometheus-operator"))) {
            throw new IllegalStateException("the CRD schema package is not installed: run "
                    + "`npm ci --prefix charts/src/test/node` (scripts/test.sh does)");
        }
        Process p = new ProcessBuilder("node", "validate-operator-objects.mjs")
                .directory(Repo.NODE_TOOLS.toFile()).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(new Gson().toJson(objects).getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("schema check failed to run:\n" + out);
        }
        List<String> problems = new ArrayList<>();
        int lines = 0;
        for (String line : out.lines().toList()) {
            JsonObject r = JsonParser.parseString(line).getAsJsonObject();
            lines++;
            if (!r.getAsJsonArray("errors").isEmpty()) {
                int i = r.get("index").getAsInt();
                problems.add(Rendered.describe(objects.get(i)) + ": " + r.getAsJsonArray("errors"));
            }
        }
        if (lines != objects.size()) {
            throw new IllegalStateException("expected " + objects.size() + " results, got:\n" + out);
        }
        return problems;
    }
}
