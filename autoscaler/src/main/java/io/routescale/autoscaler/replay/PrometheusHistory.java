package io.routescale.autoscaler.replay;

import io.micronaut.serde.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads offered load from Prometheus' range-query API: by default the exporters' 10 s request rate summed per
 * backend; or any PromQL whose series carry {@code namespace} and {@code service} labels. Each step's value
 * holds for the whole step (one value per second); a step without a sample is a gap.
 */
public final class PrometheusHistory {
    public static final String DEFAULT_QUERY =
            "sum by (namespace, service) (routescale_backend_requests_per_second{window=\"10s\"})";
    private static final long MAX_SECONDS = 31L * 24 * 3600;

    private PrometheusHistory() {
    }

    public static Trace read(URI base, Instant from, Instant to, Duration step, String query) throws ReplayException {
        if (!to.isAfter(from)) {
            throw new ReplayException("--to (" + to + ") must be after --from (" + from + ")");
        }
        long seconds = Duration.between(from, to).toSeconds();
        if (seconds > MAX_SECONDS || step.isNegative() || step.isZero() || step.toSeconds() < 1) {
            throw new ReplayException("range of " + seconds + " s with step " + step + ": at most 31 days, step at least 1 s");
        }
        URI uri = URI.create(base.toString().replaceAll("/$", "") + "/api/v1/query_range?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&start=" + from.getEpochSecond() + "&end="
                + to.getEpochSecond() + "&step=" + step.toSeconds());
        Map<?, ?> body;
        try {
            HttpResponse<byte[]> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            body = ObjectMapper.getDefault().readValue(r.body(), Map.class);
            if (r.statusCode() != 200 || !"success".equals(body.get("status"))) {
                throw new ReplayException("Prometheus at " + base + " answered HTTP " + r.statusCode() + ": " + body.get("error"));
            }
        } catch (IOException e) {
            throw new ReplayException("cannot read Prometheus at " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplayException("interrupted while reading Prometheus");
        }
        Map<String, double[]> observed = new LinkedHashMap<>();
        for (Object item : (List<?>) ((Map<?, ?>) body.get("data")).get("result")) {
            Map<?, ?> metric = (Map<?, ?>) ((Map<?, ?>) item).get("metric");
            Object ns = metric.get("namespace");
            Object svc = metric.get("service");
            if (ns == null || svc == null) {
                throw new ReplayException("query result series " + metric + " lacks a namespace or service label");
            }
            double[] perSecond = new double[(int) seconds];
            Arrays.fill(perSecond, Double.NaN);
            for (Object point : (List<?>) ((Map<?, ?>) item).get("values")) {
                List<?> p = (List<?>) point;
                long at = (long) Double.parseDouble(String.valueOf(p.get(0))) - from.getEpochSecond();
                double v = Double.parseDouble(String.valueOf(p.get(1)));
                for (long s = at; s < at + step.toSeconds() && s < seconds; s++) {
                    if (s >= 0) {
                        perSecond[(int) s] = Double.isNaN(v) || v < 0 ? Double.NaN : v;
                    }
                }
            }
            observed.put(ns + "/" + svc, perSecond);
        }
        if (observed.isEmpty()) {
            throw new ReplayException("Prometheus has no data for " + query + " between " + from + " and " + to);
        }
        return Trace.ofObserved("prometheus " + base + " " + from + " .. " + to, observed);
    }
}
