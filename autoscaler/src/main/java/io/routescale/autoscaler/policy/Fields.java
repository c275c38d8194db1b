package io.routescale.autoscaler.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed, path-aware reads from one YAML mapping. Every problem is recorded with its path (never thrown
 * one at a time), and fields nobody read are reported as unknown, so a typo is an error, not a silent default.
 */
final class Fields {
    private static final int DESCRIBE_CHARS = 60;
    private final Map<?, ?> map;
    private final String path;
    private final List<String> problems;
    private final Set<String> read = new LinkedHashSet<>();

    Fields(Object node, String path, List<String> problems) {
        this.path = path;
        this.problems = problems;
        if (node == null) {
            this.map = Map.of();
        } else if (node instanceof Map<?, ?> m) {
            this.map = m;
        } else {
            this.map = Map.of();
            problems.add(path + ": expected a mapping, got " + describe(node));
        }
    }

    boolean has(String key) {
        return map.containsKey(key);
    }

    Object raw(String key) {
        read.add(key);
        return map.get(key);
    }

    String string(String key, String fallback) {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof String s && !s.isBlank()) {
            return s.strip();
        }
        problems.add(at(key) + ": expected a non-empty string, got " + describe(v));
        return fallback;
    }

    int integer(String key, int fallback, int min, int max) {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Integer i && i >= min && i <= max) {
            return i;
        }
        problems.add(at(key) + ": expected a whole number from " + min + " to " + max + ", got " + describe(v));
        return fallback;
    }

    /** A number from {@code minInclusive} to {@code maxInclusive}, both allowed. */
    double numberFrom(String key, double fallback, double minInclusive, double maxInclusive) {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n && !(v instanceof Long) && n.doubleValue() >= minInclusive
                && n.doubleValue() <= maxInclusive && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        problems.add(at(key) + ": expected a number from " + minInclusive + " to " + maxInclusive + ", got " + describe(v));
        return fallback;
    }

    double number(String key, double fallback, double minExclusive, double maxInclusive) {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n && !(v instanceof Long) && n.doubleValue() > minExclusive
                && n.doubleValue() <= maxInclusive && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        problems.add(at(key) + ": expected a number above " + minExclusive
                + (Double.isInfinite(maxInclusive) ? "" : " and at most " + maxInclusive) + ", got " + describe(v));
        return fallback;
    }

    boolean bool(String key, boolean fallback) {
        Object v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        problems.add(at(key) + ": expected true or false, got " + describe(v));
        return fallback;
    }

    List<?> list(String key) {
        Object v = raw(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l;
        }
        problems.add(at(key) + ": expected a list, got " + describe(v));
        return List.of();
    }

    Fields child(String key) {
        return new Fields(raw(key), at(key), problems);
    }

    String at(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    String path() {
        return path;
    }

    List<String> problems() {
        return problems;
    }

    void problem(String key, String message) {
        problems.add((key == null ? path : at(key)) + ": " + message);
    }

    /** Reports every key of the mapping that no read asked for. */
    void rejectUnknown() {
        List<String> unknown = new ArrayList<>();
        for (Object k : map.keySet()) {
            if (!read.contains(String.valueOf(k))) {
                unknown.add(String.valueOf(k));
            }
        }
        for (String k : unknown) {
            problems.add(at(k) + ": unknown field (known here: " + String.join(", ", read) + ")");
        }
    }

    static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        StringBuilder text = new StringBuilder();
        render(v, text, DESCRIBE_CHARS + 1);
        String shown = text.length() > DESCRIBE_CHARS ? text.substring(0, DESCRIBE_CHARS) + "..." : text.toString();
        String type = v instanceof String ? "text" : v instanceof Map ? "a mapping" : v instanceof List ? "a list"
                : v instanceof Boolean ? "a boolean" : "a number";
        return type + " '" + shown.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }

    /**
     * What {@code String.valueOf} would print, stopped at {@code budget} characters: a value is a tree whose
     * aliases may repeat one node many times, so printing it whole can cost far more than the document.
     */
    private static void render(Object v, StringBuilder out, int budget) {
        if (out.length() >= budget) {
            return;
        }
        if (v instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (out.length() >= budget) {
                    return;
                }
                out.append(first ? "" : ", ");
                first = false;
                render(e.getKey(), out, budget);
                out.append('=');
                render(e.getValue(), out, budget);
            }
            out.append('}');
        } else if (v instanceof List<?> l) {
            out.append('[');
            for (int i = 0; i < l.size() && out.length() < budget; i++) {
                out.append(i == 0 ? "" : ", ");
                render(l.get(i), out, budget);
            }
            out.append(']');
        } else {
            String s = String.valueOf(v);
            out.append(s, 0, Math.min(s.length(), Math.max(0, budget - out.length())));
        }
    }
}
