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
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The standard path: Prometheus' HTTP query API over the exporters' {@code routescale_*} series, aggregated
 * across Traefik replicas the same way as {@link ReplicaSum} (sum, request-weighted error ratio, worst p99).
 * An empty result or NaN is missing data, never 0; a window some replica cannot fill yet (it has a coverage
 * series but no value) is absent; any {@code routescale_traefik_up == 0} makes the result a lower bound.
 * Freshness rests on the exporter withdrawing stale series, which Prometheus then marks stale.
 * A read is one round trip: {@link SignalQueries}' six queries, one per signal kind for every target and window
 * at once, sent together, all evaluated at one pinned instant, under one deadline ({@code signal-timeout}).
 * A read's cost does not grow with the number of targets or windows, and a slow Prometheus costs one
 * timeout per cycle, not one per query.
 */
public final class PrometheusSignalSource implements SignalSource {
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusSignalSource.class);

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;
    private final ObjectMapper json;
    private final Supplier<List<String>> windows;
    private final LongSupplier nanoTime;
    private final Clock clock;
    private volatile String lastError;
    private volatile java.util.OptionalDouble lastAge = java.util.OptionalDouble.empty();

    /** @param windows the exporter window labels the policy in force uses, e.g. {@code 10s}, {@code 60s} */
    public PrometheusSignalSource(URI base, HttpClient http, Duration timeout, ObjectMapper json,
                                  Supplier<List<String>> windows) {
        this(base, http, timeout, json, windows, System::nanoTime, Clock.systemUTC());
    }

    /**
     * @param nanoTime a monotonic clock in nanoseconds, for the read's deadline
     * @param clock    the wall clock, for the instant the queries are evaluated at
     */
    PrometheusSignalSource(URI base, HttpClient http, Duration timeout, ObjectMapper json,
                           Supplier<List<String>> windows, LongSupplier nanoTime, Clock clock) {
        this.nanoTime = nanoTime;
        this.clock = clock;
        this.base = base;
        this.http = http;
        this.timeout = timeout;
        this.json = json;
        this.windows = windows;
    }

    @Override
    public Map<SignalSelector, SelectorValues> read(Set<SignalSelector> wanted) {
        long deadline = nanoTime.getAsLong() + timeout.toNanos();
        try {
            boolean backends = wanted.stream().anyMatch(s -> !s.route());
            boolean routes = wanted.stream().anyMatch(SignalSelector::route);
            List<String> policyWindows = windows.get();
            if (!backends && !routes || policyWindows.isEmpty()) {
                return Map.of();
            }
            SignalQueries queries = new SignalQueries(backends, routes, policyWindows);
            // Every query at once, all evaluated at the same instant: one round trip, one consistent view.
            String at = String.format(java.util.Locale.ROOT, "%.3f", clock.millis() / 1000.0);
            Map<String, CompletableFuture<List<?>>> sent = new LinkedHashMap<>();
            try {
                for (String promql : queries.all()) {
                    sent.put(promql, send(promql, at, deadline));
                }
            } catch (IOException e) {
                sent.values().forEach(f -> f.cancel(true));
                throw e;
            }
            Map<String, List<?>> answers = await(sent, deadline);
            boolean complete = answers.get(SignalQueries.TRAEFIK_DOWN).isEmpty();
            lastAge = scalar(answers.get(SignalQueries.OLDEST_SIGNALS));
            Map<Key, Double> rps = byTarget(answers.get(queries.requestsPerSecond()));
            Map<Key, Double> errors = byTarget(answers.get(queries.errorRatio()));
            Map<Key, Double> p99 = byTarget(answers.get(queries.latencyP99()));
            Map<Key, Double> inflight = byTarget(answers.get(queries.inflight()));
            Map<SignalSelector, Map<String, WindowValues>> found = new HashMap<>();
            rps.forEach((key, value) -> {
                if (wanted.contains(key.selector())) {
                    found.computeIfAbsent(key.selector(), s -> new HashMap<>()).put(key.window(),
                            new WindowValues(value, errors.get(key), p99.get(key), inflight.get(key)));
                }
            });
            Map<SignalSelector, SelectorValues> out = new HashMap<>();
            found.forEach((selector, byWindow) -> out.put(selector, new SelectorValues(Map.copyOf(byWindow), complete)));
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

    /** A series of a by-target answer: which target, which window. */
    private record Key(SignalSelector selector, String window) {
    }

    private Map<Key, Double> byTarget(List<?> result) {
        Map<Key, Double> out = new HashMap<>();
        for (Object item : result) {
            Map<?, ?> sample = (Map<?, ?>) item;
            Map<?, ?> metric = (Map<?, ?>) sample.get("metric");
            List<?> value = (List<?>) sample.get("value");
            double v = Double.parseDouble(String.valueOf(value.get(1)));
            Object ns = metric.get("namespace");
            Object window = metric.get("window");
            Object service = metric.get("service");
            Object route = metric.get("route");
            // An answer mixes both kinds: a route's series has a route label, a backend's a service label only.
            Object name = route != null ? route : service;
            if (ns == null || name == null || window == null || Double.isNaN(v) || Double.isInfinite(v)) {
                continue;
            }
            out.put(new Key(new SignalSelector(route != null, String.valueOf(ns), String.valueOf(name)),
                    String.valueOf(window)), v);
        }
        return out;
    }

    private CompletableFuture<List<?>> send(String promql, String at, long deadline) throws IOException {
        long left = deadline - nanoTime.getAsLong();
        if (left <= 0) {
            throw new IOException(spent(0, 0));
        }
        URI uri = URI.create(base.toString().replaceAll("/$", "") + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&time=" + at);
        return http.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofNanos(left)).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(r -> {
                    try {
                        return result(promql, r);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
    }

    /** Every answer, or the first failure; nothing after the read's deadline. */
    private Map<String, List<?>> await(Map<String, CompletableFuture<List<?>>> sent, long deadline)
            throws IOException, InterruptedException {
        Map<String, List<?>> answers = new HashMap<>();
        try {
            for (Map.Entry<String, CompletableFuture<List<?>>> query : sent.entrySet()) {
                long left = deadline - nanoTime.getAsLong();
                if (left <= 0) {
                    throw new TimeoutException();
                }
                answers.put(query.getKey(), query.getValue().get(left, TimeUnit.NANOSECONDS));
            }
            return answers;
        } catch (TimeoutException e) {
            long answered = sent.values().stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
            throw new IOException(spent(answered, sent.size()));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
            throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause.getMessage()), cause);
        } finally {
            sent.values().forEach(f -> f.cancel(true));
        }
    }

    private String spent(long answered, int sent) {
        return "routescale.autoscaler.signal-timeout (" + timeout.toMillis() + " ms) spent with " + answered + " of "
                + sent + " queries answered";
    }

    private List<?> result(String promql, HttpResponse<byte[]> r) throws IOException {
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
