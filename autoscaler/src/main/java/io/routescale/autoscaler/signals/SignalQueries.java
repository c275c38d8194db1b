package io.routescale.autoscaler.signals;

import java.util.ArrayList;
import java.util.List;

/**
 * The one definition of a target's signal in PromQL: one query per signal kind, covering every target
 * (backends, routes or both) and every window the policy uses, grouped by {@code namespace}, {@code service} or
 * {@code route}, and {@code window}; what a Prometheus read sends, and (over every window) what the chart's
 * recording rules record ({@code RecordingRulesTest} holds them to it). Across Traefik replicas: rates and in-flight work add up, the error ratio is weighted by
 * requests, p99 is the worst replica's. The two kinds' series never collide in an {@code or}: a backend's
 * has a {@code service} label, a route's a {@code route} label.
 */
public final class SignalQueries {
    /** Any exporter whose Traefik scrape failed: the sums are then a lower bound. */
    static final String TRAEFIK_DOWN = "count(routescale_traefik_up == 0)";
    /** The oldest replica's signal age. */
    static final String OLDEST_SIGNALS = "max(routescale_signals_age_seconds)";

    private final List<String> kinds;
    /** The window matcher, or null for every window (the chart's recording rules). */
    private final String windowMatcher;

    /** The queries of a read: only these kinds of target, only these windows. */
    SignalQueries(boolean backends, boolean routes, List<String> windows) {
        this(backends, routes, "window=~\"" + String.join("|", windows.stream().map(SignalQueries::literal).toList()) + "\"");
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("a read needs a window");
        }
    }

    private SignalQueries(boolean backends, boolean routes, String windowMatcher) {
        if (!backends && !routes) {
            throw new IllegalArgumentException("a read needs a kind of target");
        }
        kinds = new ArrayList<>(2);
        if (backends) {
            kinds.add("backend");
        }
        if (routes) {
            kinds.add("route");
        }
        this.windowMatcher = windowMatcher;
    }

    /** The same definitions over every window, by one kind of target: what the chart's recording rules record. */
    public static SignalQueries everyWindow(boolean route) {
        return new SignalQueries(!route, route, (String) null);
    }

    /**
     * Requests per second, summed over replicas; absent where some replica has a window it cannot fill yet
     * (it publishes a coverage series but no rate), since that replica's share is unknown.
     */
    public String requestsPerSecond() {
        return union(kind -> {
            String by = by(kind);
            String rps = series(kind, "requests_per_second", null);
            return "sum " + by + " (" + rps + ") unless on " + group(kind) + " (count " + by + " ("
                    + series(kind, "window_coverage_ratio", null) + ") != count " + by + " (" + rps + "))";
        });
    }

    /** Error ratio over all replicas' requests. */
    public String errorRatio() {
        return union(kind -> {
            String rps = series(kind, "requests_per_second", null);
            return "sum " + by(kind) + " (" + series(kind, "error_ratio", null) + " * " + rps + ") / sum " + by(kind)
                    + " (" + rps + ")";
        });
    }

    /** The worst replica's p99. */
    public String latencyP99() {
        return union(kind -> "max " + by(kind) + " (" + series(kind, "latency_seconds", "quantile=\"0.99\"") + ")");
    }

    /** Requests in flight, summed over replicas. */
    public String inflight() {
        return union(kind -> "sum " + by(kind) + " (" + series(kind, "inflight_requests", null) + ")");
    }

    /** All of a read's queries. */
    List<String> all() {
        return List.of(TRAEFIK_DOWN, OLDEST_SIGNALS, requestsPerSecond(), errorRatio(), latencyP99(), inflight());
    }

    private String union(java.util.function.Function<String, String> perKind) {
        return String.join(" or ", kinds.stream().map(k -> kinds.size() == 1 ? perKind.apply(k) : "(" + perKind.apply(k) + ")").toList());
    }

    private String series(String kind, String signal, String extraMatcher) {
        List<String> matchers = new ArrayList<>(2);
        if (extraMatcher != null) {
            matchers.add(extraMatcher);
        }
        if (windowMatcher != null) {
            matchers.add(windowMatcher);
        }
        String name = "routescale_" + kind + "_" + signal;
        return matchers.isEmpty() ? name : name + "{" + String.join(",", matchers) + "}";
    }

    private static String group(String kind) {
        return "(namespace, " + (kind.equals("route") ? "route" : "service") + ", window)";
    }

    private static String by(String kind) {
        return "by " + group(kind);
    }

    /** A window label as an RE2 literal inside a PromQL string: metacharacters escaped, backslashes doubled. */
    static String literal(String window) {
        StringBuilder out = new StringBuilder();
        for (char c : window.toCharArray()) {
            if (c == '"' || c == '\\') {
                throw new IllegalArgumentException("a window label cannot hold a quote or a backslash: " + window);
            }
            if (!Character.isLetterOrDigit(c) && c != '_') {
                out.append("\\\\");
            }
            out.append(c);
        }
        return out.toString();
    }
}
