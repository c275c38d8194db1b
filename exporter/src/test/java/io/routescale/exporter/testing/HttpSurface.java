package io.routescale.exporter.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Probes a daemon's HTTP endpoints the way a security review would: nothing answers a write with success, and
 * no answer carries request input back unescaped (a path, a query parameter, a header with markup in it).
 */
public final class HttpSurface {
    /** Markup that must never come back as it was sent. */
    public static final String PROBE = "<script>alert(1)</script>";
    private static final List<String> WRITES = List.of("POST", "PUT", "DELETE", "PATCH");

    private HttpSurface() {
    }

    /** Every problem found on the given GET endpoints; empty when there is none. */
    public static List<String> problems(List<URI> endpoints) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> problems = new ArrayList<>();
        for (URI endpoint : endpoints) {
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(endpoint).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (ok.statusCode() / 100 != 2) {
                problems.add("GET " + endpoint + " answered " + ok.statusCode() + ": not a live endpoint to probe");
            }
            for (String method : WRITES) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint)
                        .method(method, HttpRequest.BodyPublishers.ofString("{\"replicas\": 0, \"x\": \"" + PROBE + "\"}"))
                        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 == 2) {
                    problems.add(method + " " + endpoint + " answered " + r.statusCode());
                }
                reflected(problems, method + " " + endpoint, r);
            }
            String encoded = URLEncoder.encode(PROBE, StandardCharsets.UTF_8);
            for (URI probe : List.of(URI.create(endpoint + "/" + encoded), URI.create(endpoint + "?q=" + encoded),
                    URI.create(endpoint + "?debug=" + encoded),
                    URI.create(endpoint + "%2F" + encoded))) {
                reflected(problems, "GET " + probe, http.send(HttpRequest.newBuilder(probe).GET().build(), HttpResponse.BodyHandlers.ofString()));
            }
            reflected(problems, "GET " + endpoint + " with a header", http.send(HttpRequest.newBuilder(endpoint).GET()
                    .header("X-Forwarded-Host", PROBE.replace("<", "").replace(">", "") + "<b>").header("Referer", "http://x/" + encoded)
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        return problems;
    }

    private static void reflected(List<String> problems, String what, HttpResponse<String> r) {
        String body = r.body() == null ? "" : r.body();
        if (body.contains("<script>") || body.contains("<b>")) {
            problems.add(what + " reflects input unescaped (" + r.statusCode() + "): " + body.substring(0, Math.min(300, body.length())));
        }
    }
}
