package io.routescale.autoscaler.signals;

import io.routescale.exporter.testing.RealPrometheus;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/** Stand-in exporters' {@code routescale_*} series for a fleet of targets, and what Prometheus says it answered. */
public final class StandInFleet {
    private StandInFleet() {
    }

    /**
     * A stand-in exporter's exposition for {@code targets} backends and as many routes (route i forwards to
     * backend i), both windows complete: target i serves {@code i * scale} rps with p99 {@code i * scale} ms and
     * error ratio {@code scale / 10}.
     */
    public static String exposition(int targets, int scale) {
        StringBuilder out = new StringBuilder("# TYPE routescale_traefik_up gauge\nroutescale_traefik_up 1\n"
                + "# TYPE routescale_signals_age_seconds gauge\nroutescale_signals_age_seconds 1\n");
        for (String kind : List.of("backend", "route")) {
            for (String signal : List.of("requests_per_second", "window_coverage_ratio", "error_ratio", "latency_seconds",
                    "inflight_requests")) {
                out.append("# TYPE routescale_").append(kind).append('_').append(signal)
                        .append(signal.equals("latency_seconds") ? " summary\n" : " gauge\n");
                for (int i = 1; i <= targets; i++) {
                    String labels = kind.equals("backend")
                            ? "namespace=\"ns" + i % 40 + "\",service=\"svc" + i + "\""
                            : "namespace=\"ns" + i % 40 + "\",route=\"rt" + i + "\"";
                    for (String window : List.of("10s", "60s")) {
                        double value = switch (signal) {
                            case "requests_per_second" -> i * scale;
                            case "window_coverage_ratio" -> 1;
                            case "error_ratio" -> scale / 10.0;
                            case "latency_seconds" -> i * scale / 1000.0;
                            default -> scale;
                        };
                        out.append("routescale_").append(kind).append('_').append(signal).append('{').append(labels)
                                .append(",window=\"").append(window).append('"')
                                .append(signal.equals("latency_seconds") ? ",quantile=\"0.99\"" : "")
                                .append("} ").append(value).append('\n');
                    }
                }
            }
        }
        return out.toString();
    }

    /** Prometheus' own count of instant queries it has answered. */
    public static double queriesAnswered(RealPrometheus prometheus) throws IOException, InterruptedException {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                prometheus.url().resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        double total = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("prometheus_http_requests_total{") && line.contains("handler=\"/api/v1/query\"")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

}
