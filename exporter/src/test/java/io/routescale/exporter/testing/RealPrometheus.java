package io.routescale.exporter.testing;

import io.micronaut.serde.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Debian package's Prometheus, started on a free loopback port with its own TSDB in a temporary folder,
 * scraping the given targets. Tests that need it fail (they do not skip) when it is not installed: the test
 * command installs it.
 */
public final class RealPrometheus implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    public RealPrometheus(List<String> targets, Duration scrapeInterval) throws IOException {
        this(targets, scrapeInterval, null);
    }

    /** @param rules a rule file (recording rules, alerts), evaluated every scrape interval; null for none */
    public RealPrometheus(List<String> targets, Duration scrapeInterval, String rules) throws IOException {
        dir = Files.createTempDirectory("routescale-prometheus");
        port = freePort();
        if (rules != null) {
            Files.writeString(dir.resolve("rules.yml"), rules);
        }
        String config = """
                global:
                  scrape_interval: %ds
                  scrape_timeout: %ds
                  evaluation_interval: %ds
                rule_files: [%s]
                scrape_configs:
                  - job_name: routescale
                    static_configs:
                      - targets: [%s]
                """.formatted(scrapeInterval.toSeconds(), scrapeInterval.toSeconds(), scrapeInterval.toSeconds(),
                rules == null ? "" : "'" + dir.resolve("rules.yml") + "'",
                String.join(", ", targets.stream().map(t -> "'" + t + "'").toList()));
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, config);
        process = new ProcessBuilder(binary("prometheus"), "--config.file=" + file,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    }

    /** Base URL of its HTTP API. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Path of a Prometheus tool: on PATH, or the Debian package's place. */
    public static String binary(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        if (Files.isExecutable(Path.of("/usr/bin", name))) {
            return "/usr/bin/" + name;
        }
        throw new IllegalStateException(name + " is not installed: run the README's test command, which installs "
                + "the Debian package 'prometheus' (apt-get install -y --no-install-recommends prometheus)");
    }

    /** Runs a PromQL instant query; the first sample's value, empty when the result vector is empty. */
    public Optional<Double> queryScalar(String promql) throws IOException, InterruptedException {
        List<?> result = query(promql);
        if (result.isEmpty()) {
            return Optional.empty();
        }
        List<?> value = (List<?>) ((Map<?, ?>) result.get(0)).get("value");
        return Optional.of(Double.parseDouble((String) value.get(1)));
    }

    public List<?> query(String promql) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        Map<?, ?> body = ObjectMapper.getDefault().readValue(r.body(), Map.class);
        if (!"success".equals(body.get("status"))) {
            throw new IllegalStateException("query failed: " + r.body());
        }
        return (List<?>) ((Map<?, ?>) body.get("data")).get("result");
    }

    /** Polls a query until it has a value that passes {@code accept}, or gives up after {@code timeout}. */
    public Optional<Double> awaitScalar(String promql, java.util.function.DoublePredicate accept, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<Double> last = Optional.empty();
        while (System.nanoTime() < deadline) {
            try {
                last = queryScalar(promql);
                if (last.isPresent() && accept.test(last.get())) {
                    return last;
                }
            } catch (IOException e) {
                // Prometheus is still starting.
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        return last;
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
