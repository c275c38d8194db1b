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
 * Custom resources checked against their CRD schemas through npm packages generated from them: Prometheus
 * Operator objects (PodMonitor, ServiceMonitor, PrometheusRule) with {@code @kubernetes-models/prometheus-operator},
 * KEDA's ScaledObject with {@code @kubernetes-models/keda} (types, required fields, enums, patterns such as
 * durations; not unknown fields). Node and the packages are installed by scripts/test.sh
 * ({@code npm ci --prefix charts/src/test/node}).
 */
final class CrdSchema {
    /** The API versions {@link #problems} has schemas for. */
    static final java.util.Set<String> API_VERSIONS = java.util.Set.of("monitoring.coreos.com/v1", "keda.sh/v1alpha1");

    private CrdSchema() {
    }

    /** One problem string per invalid object ("PodMonitor x: ..."); empty when all are valid. */
    static List<String> problems(List<Map<String, Object>> objects) throws IOException, InterruptedException {
        if (!Files.isDirectory(Repo.NODE_TOOLS.resolve("node_modules/@kubernetes-models/prometheus-operator"))
                || !Files.isDirectory(Repo.NODE_TOOLS.resolve("node_modules/@kubernetes-models/keda"))) {
            throw new IllegalStateException("the CRD schema packages are not installed: run "
                    + "`npm ci --prefix charts/src/test/node` (scripts/test.sh does)");
        }
        Process p = new ProcessBuilder("node", "validate-crd-objects.mjs")
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
