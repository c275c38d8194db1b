package io.routescale.exporter.bench;

import io.routescale.exporter.testing.FakeTraefikServer;
import io.routescale.exporter.testing.RealPrometheus;
import io.routescale.exporter.testing.SyntheticTraefik;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The same synthetic Traefik payload, served on loopback, scraped in one run by (a) the exporter's full
 * cycle in a JVM capped at {@code -Xmx64m} and (b) the real Prometheus, whose own
 * {@code scrape_duration_seconds} is the reference. The body changes every request (time moves) so neither
 * side can take a shortcut.
 */
public final class ScrapeVersusPrometheus {
    private ScrapeVersusPrometheus() {
    }

    public static void main(String[] args) throws Exception {
        int services = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int cycles = 30;
        SyntheticTraefik traefik = SyntheticTraefik.ofSize(services, SyntheticTraefik.Generation.V2, false);
        long start = System.nanoTime();
        int bodyBytes = traefik.render(1000).getBytes(StandardCharsets.UTF_8).length;
        try (FakeTraefikServer server = new FakeTraefikServer()) {
            server.serve(() -> traefik.render(1000 + (System.nanoTime() - start) / 1e9).getBytes(StandardCharsets.UTF_8));

            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process probe = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    FullCycleProbe.class.getName(), server.url().toString(), Integer.toString(cycles))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String line = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!probe.waitFor(10, TimeUnit.MINUTES) || probe.exitValue() != 0) {
                throw new IllegalStateException("probe failed (exit " + probe.exitValue() + "): " + line);
            }
            String[] f = line.split(" ");

            Optional<Double> promSeconds;
            Optional<Double> promMax;
            try (RealPrometheus prometheus = new RealPrometheus(
                    List.of(server.url().getHost() + ":" + server.url().getPort()), Duration.ofSeconds(5))) {
                // Metrics path is /metrics by default; wait for several scrapes, then average them.
                TimeUnit.SECONDS.sleep(40);
                promSeconds = prometheus.queryScalar("avg_over_time(scrape_duration_seconds{job=\"routescale\"}[1m])");
                promMax = prometheus.queryScalar("max_over_time(scrape_duration_seconds{job=\"routescale\"}[1m])");
                Optional<Double> samples = prometheus.queryScalar("scrape_samples_scraped{job=\"routescale\"}");
                System.out.printf(Locale.ROOT, "Prometheus ingested %s samples per scrape%n",
                        samples.map(v -> String.format(Locale.ROOT, "%.0f", v)).orElse("?"));
            }
            double exporterMs = Double.parseDouble(f[2]);
            System.out.println();
            System.out.printf(Locale.ROOT, "Full scrape cycle, %d services, body %.1f MB, same run:%n", services, bodyBytes / 1e6);
            System.out.println("| who | median | p90 / max | heap |");
            System.out.println("|---|---:|---:|---:|");
            System.out.printf(Locale.ROOT, "| exporter (fetch+parse+window+signals, -Xmx64m, %s/%s cycles ok, %s backends) | %.0f ms | %.0f ms (p90) | max %.1f MB used after GC |%n",
                    f[1], f[0], f[5], exporterMs, Double.parseDouble(f[3]), Double.parseDouble(f[4]));
            System.out.printf(Locale.ROOT, "| Prometheus 2.42 scrape_duration_seconds (avg over 1m) | %s | %s (max) | (its own) |%n",
                    promSeconds.map(v -> String.format(Locale.ROOT, "%.0f ms", v * 1000)).orElse("n/a"),
                    promMax.map(v -> String.format(Locale.ROOT, "%.0f ms", v * 1000)).orElse("n/a"));
            promSeconds.ifPresent(p -> System.out.printf(Locale.ROOT, "ratio exporter/Prometheus: %.2f%n", exporterMs / (p * 1000)));
        }
    }
}
