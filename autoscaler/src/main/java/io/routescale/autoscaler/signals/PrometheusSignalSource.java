package io.routescale.autoscaler.signals;

import io.micronaut.serde.ObjectMapper;
import io.routescale.autoscaler.policy.SignalSelector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The standard path: Prometheus' HTTP query API over the exporters' {@code routescale_*} series, aggregated
 * across Traefik replicas the same way as {@link ReplicaSum} (sum, request-weighted error ratio, worst p99).
 * An empty result or NaN is missing data, never 0; a window some replica cannot fill yet (it has a coverage
 * series but no value) is absent; any {@code routescale_traefik_up == 0} makes the result a lower bound.
 * Freshness rests on the exporter withdrawing stale series, which Prometheus then marks stale.
 * A read sends several queries under one deadline, {@code signal-timeout}: each query gets what is left of it,
 * so a slow Prometheus costs one timeout per cycle, not one per query.
 */
public final class PrometheusSignalSource implements SignalSource {
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusSignalSource.class);

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;
    private final ObjectMapper json;
    private final Supplier<List<String>> windows;
    private final LongSupplier nanoTime;
    private volatile String lastError;
    private volatile java.util.OptionalDouble lastAge = java.util.OptionalDouble.empty();

    /** @param windows the exporter window labels the policy in force uses, e.g. {@code 10s}, {@code 60s} */
    public PrometheusSignalSource(URI base, HttpClient http, Duration timeout, ObjectMapper json,
                                  Supplier<List<String>> windows) {
        this(base, http, timeout, json, windows, System::nanoTime);
    }

    /** @param nanoTime a monotonic clock in nanoseconds, for the read's deadline */
    PrometheusSignalSource(URI base, HttpClient http, Duration timeout, ObjectMapper json,
                           Supplier<List<String>> windows, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.base = base;
        this.http = http;
        this.timeout = timeout;
        this.json = json;
        this.windows = windows;
    }

    @Override
    public Map<SignalSelector, SelectorValues> read(Set<SignalSelector> wanted) {
        Deadline deadline = new Deadline(nanoTime.getAsLong() + timeout.toNanos());
        try {
            boolean complete = query("count(routescale_traefik_up == 0)", deadline).isEmpty();
            lastAge = scalar(query("max(routescale_signals_age_seconds)", deadline));
            Map<SignalSelector, Map<String, WindowValues>> found = new HashMap<>();
            for (boolean route : new boolean[] {false, true}) {
                if (wanted.stream().noneMatch(s -> s.route() == route)) {
                    continue;
                }
                for (String window : windows.get()) {
                    readWindow(route, window, found, deadline);
                }
            }
            Map<SignalSelector, SelectorValues> out = new HashMap<>();
            found.forEach((selector, byWindow) -> {
                if (wanted.contains(selector)) {
                    out.put(selector, new SelectorValues(Map.copyOf(byWindow), complete));
                }
            });
            if (lastError != null) {
                LOG.info("Prometheus answers again");
                lastError = null;
            }
            return out;
        } catch (IOException | RuntimeException e) {
            lastAge = java.util.OptionalDouble.empty();
            String message = e.getMessage() == null ? e.getClass().getSimpleName() + " from " + base : e.getMessage();
            if (!String.valueOf(message).equals(lastError)) {
                LOG.warn("Prometheus query failed ({}): no signals, nothing scales down", message);
            }
            lastError = String.valueOf(message);
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    private void readWindow(boolean route, String window, Map<SignalSelector, Map<String, WindowValues>> found,
                            Deadline deadline) throws IOException, InterruptedException {
        String kind = route ? "route" : "backend";
        String by = "namespace, " + (route ? "route" : "service");
        String sel = "{window=\"" + window + "\"}";
        String rpsSeries = "routescale_" + kind + "_requests_per_second" + sel;
        Map<SignalSelector, Double> rps = byTarget(route, deadline, "sum by (" + by + ") (" + rpsSeries + ")");
        Map<SignalSelector, Double> rpsCount = byTarget(route, deadline, "count by (" + by + ") (" + rpsSeries + ")");
        Map<SignalSelector, Double> expected = byTarget(route, deadline,
                "count by (" + by + ") (routescale_" + kind + "_window_coverage_ratio" + sel + ")");
        Map<SignalSelector, Double> inflight = byTarget(route, deadline,
                "sum by (" + by + ") (routescale_" + kind + "_inflight_requests" + sel + ")");
        Map<SignalSelector, Double> p99 = byTarget(route, deadline, "max by (" + by + ") (routescale_" + kind
                + "_latency_seconds{quantile=\"0.99\",window=\"" + window + "\"})");
        Map<SignalSelector, Double> errors = byTarget(route, deadline, "sum by (" + by + ") (routescale_" + kind + "_error_ratio" + sel
                + " * " + rpsSeries + ") / sum by (" + by + ") (" + rpsSeries + ")");
        rps.forEach((selector, value) -> {
            // Some replica covers too little of the window yet: its share is unknown, so is the sum.
            if (!rpsCount.get(selector).equals(expected.getOrDefault(selector, rpsCount.get(selector)))) {
                return;
            }
            found.computeIfAbsent(selector, s -> new HashMap<>()).put(window,
                    new WindowValues(value, errors.get(selector), p99.get(selector), inflight.get(selector)));
        });
    }

    private Map<SignalSelector, Double> byTarget(boolean route, Deadline deadline, String promql)
            throws IOException, InterruptedException {
        Map<SignalSelector, Double> out = new HashMap<>();
        for (Object item : query(promql, deadline)) {
            Map<?, ?> sample = (Map<?, ?>) item;
            Map<?, ?> metric = (Map<?, ?>) sample.get("metric");
            List<?> value = (List<?>) sample.get("value");
            double v = Double.parseDouble(String.valueOf(value.get(1)));
            Object ns = metric.get("namespace");
            Object name = metric.get(route ? "route" : "service");
            if (ns == null || name == null || Double.isNaN(v) || Double.isInfinite(v)) {
                continue;
            }
            out.put(new SignalSelector(route, String.valueOf(ns), String.valueOf(name)), v);
        }
        return out;
    }

    private List<?> query(String promql, Deadline deadline) throws IOException, InterruptedException {
        long left = deadline.atNanos - nanoTime.getAsLong();
        if (left <= 0) {
            throw new IOException("routescale.autoscaler.signal-timeout (" + timeout.toMillis() + " ms) spent after "
                    + deadline.sent + " queries of the read");
        }
        deadline.sent++;
        URI uri = URI.create(base.toString().replaceAll("/$", "") + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofNanos(left)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + " for " + promql);
        }
        Map<?, ?> body = json.readValue(r.body(), Map.class);
        if (!"success".equals(body.get("status"))) {
            throw new IOException("query failed: " + body.get("error"));
        }
        Object result = ((Map<?, ?>) body.get("data")).get("result");
        return result instanceof List<?> l ? l : List.of();
    }

    /** One read's deadline on the monotonic clock, and how many queries it has sent. */
    private static final class Deadline {
        final long atNanos;
        int sent;

        Deadline(long atNanos) {
            this.atNanos = atNanos;
        }
    }

    private static java.util.OptionalDouble scalar(List<?> result) {
        if (result.isEmpty()) {
            return java.util.OptionalDouble.empty();
        }
        double v = Double.parseDouble(String.valueOf(((List<?>) ((Map<?, ?>) result.get(0)).get("value")).get(1)));
        return Double.isNaN(v) ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(v);
    }

    @Override
    public java.util.OptionalDouble lastAgeSeconds() {
        return lastAge;
    }

    @Override
    public String name() {
        return "prometheus";
    }
}
