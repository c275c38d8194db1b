package io.routescale.exporter.bench;

import io.routescale.exporter.parse.ParseLimits;
import io.routescale.exporter.testing.FakeTraefikServer;
import io.routescale.exporter.testing.PrerenderedBodies;
import io.routescale.exporter.testing.SmallHeapJvm;
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
 * cycle in a JVM capped at the sidecar's heap and (b) the real Prometheus, whose own
 * {@code scrape_duration_seconds} is the reference. Bodies are rendered ahead ({@link PrerenderedBodies}), so
 * neither side's time includes the stand-in's writing, and each one is new (time moves), so neither side can
 * take a shortcut.
 *
 * <p>Arguments: services (default 5,000), {@code default} or {@code umbrella} for the shape (the default buckets
 * without routers, 125,000 series at 5,000 services, or {@link SyntheticTraefik#umbrellaShape}, about 450,000),
 * a heap for the probe (default: the sidecar's JVM options from the chart, {@code -Xmx128m} among them).
 */
public final class ScrapeVersusPrometheus {
    private ScrapeVersusPrometheus() {
    }

    public static void main(String[] args) throws Exception {
        int services = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        boolean umbrella = args.length > 1 && args[1].equals("umbrella");
        // The sidecar's JVM options from the chart, or a heap given here in their place.
        List<String> jvmOptions = args.length > 2 ? List.of("-Xmx" + args[2], "-XX:+UseSerialGC") : SmallHeapJvm.sidecarOptions();
        String heap = jvmOptions.stream().filter(o -> o.startsWith("-Xmx")).findFirst().orElse("?").substring(4);
        int cycles = 30;
        SyntheticTraefik traefik = umbrella ? SyntheticTraefik.umbrellaShape(services)
                : SyntheticTraefik.ofSize(services, SyntheticTraefik.Generation.V2, false);
        int bodyBytes = traefik.render(1000).getBytes(StandardCharsets.UTF_8).length;
        // Long enough for the stand-in to render the next body (about 2.5 s for 75 MB) while nothing is timed.
        long pauseMillis = Math.max(200, bodyBytes / 20_000);
        Duration prometheusInterval = Duration.ofSeconds(Math.max(5, 2 * pauseMillis / 1000));
        try (FakeTraefikServer server = new FakeTraefikServer(); PrerenderedBodies bodies = new PrerenderedBodies(traefik, 1000, 2)) {
            server.serve(bodies);

            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ParseLimits limits = ParseLimits.DEFAULT;
            List<String> command = new java.util.ArrayList<>(List.of(java));
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                    FullCycleProbe.class.getName(), server.url().toString(), Integer.toString(cycles),
                    Long.toString(limits.maxBodyBytes() >> 20), Long.toString(limits.maxSamples()),
                    Integer.toString(limits.maxTargets()), Long.toString(pauseMillis)));
            Process probe = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String line = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!probe.waitFor(10, TimeUnit.MINUTES) || probe.exitValue() != 0) {
                throw new IllegalStateException("probe failed (exit " + probe.exitValue() + "): " + line);
            }
            String[] f = line.split(" ");

            Optional<Double> promSeconds;
            Optional<Double> promMax;
            try (RealPrometheus prometheus = new RealPrometheus(
                    List.of(server.url().getHost() + ":" + server.url().getPort()), prometheusInterval)) {
                // Metrics path is /metrics by default; wait for several scrapes, then average them.
                long window = 8 * prometheusInterval.toSeconds();
                TimeUnit.SECONDS.sleep(window + 2);
                promSeconds = prometheus.queryScalar("avg_over_time(scrape_duration_seconds{job=\"routescale\"}[" + window + "s])");
                promMax = prometheus.queryScalar("max_over_time(scrape_duration_seconds{job=\"routescale\"}[" + window + "s])");
                Optional<Double> samples = prometheus.queryScalar("scrape_samples_scraped{job=\"routescale\"}");
                // A failed scrape's duration is in the average too: say how many there were.
                Optional<Double> scrapes = prometheus.queryScalar("count_over_time(up{job=\"routescale\"}[" + window + "s])");
                Optional<Double> succeeded = prometheus.queryScalar("sum_over_time(up{job=\"routescale\"}[" + window + "s])");
                System.out.printf(Locale.ROOT, "Prometheus scrapes in the window: %s, of which succeeded: %s%n",
                        scrapes.map(v -> String.format(Locale.ROOT, "%.0f", v)).orElse("?"),
                        succeeded.map(v -> String.format(Locale.ROOT, "%.0f", v)).orElse("?"));
                System.out.printf(Locale.ROOT, "Prometheus ingested %s samples per scrape%n",
                        samples.map(v -> String.format(Locale.ROOT, "%.0f", v)).orElse("?"));
            }
            double exporterMs = Double.parseDouble(f[2]);
            System.out.println();
            System.out.printf(Locale.ROOT, "Full scrape cycle, %d services (%s shape), body %.1f MB, same run:%n", services,
                    umbrella ? "umbrella" : "default", bodyBytes / 1e6);
            System.out.println("| who | median | p90 / max | heap |");
            System.out.println("|---|---:|---:|---:|");
            System.out.printf(Locale.ROOT, "| exporter (fetch+parse+window+signals, -Xmx%s, %s/%s cycles ok, %s backends) | %.0f ms | %.0f ms (p90) | max %.1f MB used after GC |%n",
                    heap, f[1], f[0], f[5], exporterMs, Double.parseDouble(f[3]), Double.parseDouble(f[4]));
            System.out.printf(Locale.ROOT, "| Prometheus scrape_duration_seconds (avg of %d scrapes, every %d s) | %s | %s (max) | (its own) |%n",
                    8, prometheusInterval.toSeconds(),
                    promSeconds.map(v -> String.format(Locale.ROOT, "%.0f ms", v * 1000)).orElse("n/a"),
                    promMax.map(v -> String.format(Locale.ROOT, "%.0f ms", v * 1000)).orElse("n/a"));
            promSeconds.ifPresent(p -> System.out.printf(Locale.ROOT, "ratio exporter/Prometheus: %.2f%n", exporterMs / (p * 1000)));
        }
    }
}
