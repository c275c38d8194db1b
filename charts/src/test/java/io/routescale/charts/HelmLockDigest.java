package io.routescale.charts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Helm's {@code Chart.lock} digest, ported from helm/helm {@code internal/resolver/resolver.go} {@code HashReq}:
 * SHA-256 of Go's {@code json.Marshal([2][]*chart.Dependency{requested, locked})}. {@code helm dependency build}
 * refuses a lock whose digest differs ("out of sync") before it downloads anything. Go writes a struct's
 * fields in declaration order ({@code pkg/chart/dependency.go}) and leaves out empty {@code omitempty} ones;
 * its encoder escapes {@code <}, {@code >}, {@code &} and U+2028/2029. Checked against a lock that real Helm
 * wrote ({@code ChartLockTest}).
 */
final class HelmLockDigest {
    private HelmLockDigest() {
    }

    /** @param requested Chart.yaml's {@code dependencies}; @param locked Chart.lock's */
    static String of(List<Object> requested, List<Object> locked) {
        StringBuilder json = new StringBuilder("[");
        dependencies(requested, json);
        json.append(',');
        dependencies(locked, json);
        json.append(']');
        try {
            byte[] sum = MessageDigest.getInstance("SHA-256").digest(json.toString().getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(sum);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void dependencies(List<Object> deps, StringBuilder json) {
        json.append('[');
        for (int i = 0; i < deps.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            dependency(Yaml.map(deps.get(i)), json);
        }
        json.append(']');
    }

    /** chart.Dependency's fields, in its order: name, version, repository, condition, tags, enabled, import-values, alias. */
    private static void dependency(Map<String, Object> dep, StringBuilder json) {
        for (String key : dep.keySet()) {
            if (!List.of("name", "version", "repository", "condition", "tags", "enabled", "import-values", "alias").contains(key)) {
                throw new IllegalArgumentException("dependency field '" + key + "' is not in the port; extend it first");
            }
        }
        json.append("{\"name\":");
        string(text(dep, "name"), json);
        if (!text(dep, "version").isEmpty()) {
            json.append(",\"version\":");
            string(text(dep, "version"), json);
        }
        json.append(",\"repository\":");
        string(text(dep, "repository"), json);
        if (!text(dep, "condition").isEmpty()) {
            json.append(",\"condition\":");
            string(text(dep, "condition"), json);
        }
        if (dep.get("tags") != null || dep.get("import-values") != null || Boolean.TRUE.equals(dep.get("enabled"))) {
            throw new IllegalArgumentException("tags, enabled and import-values are not in the port; extend it first");
        }
        if (!text(dep, "alias").isEmpty()) {
            json.append(",\"alias\":");
            string(text(dep, "alias"), json);
        }
        json.append('}');
    }

    private static String text(Map<String, Object> dep, String key) {
        Object value = dep.get(key);
        return value == null ? "" : value.toString();
    }

    /** Go's encoding/json string encoding with its default HTML escaping. */
    static void string(String s, StringBuilder json) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
