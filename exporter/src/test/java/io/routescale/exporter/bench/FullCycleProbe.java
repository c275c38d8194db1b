package io.routescale.exporter.bench;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.routescale.exporter.SignalPipeline;
import io.routescale.exporter.expose.SelfMetrics;
import io.routescale.exporter.naming.ParsedNameResolver;
import io.routescale.exporter.parse.ExpositionParser;
import io.routescale.exporter.parse.ParseLimits;
import io.routescale.exporter.scrape.TraefikScraper;
import io.routescale.exporter.signal.ExporterState;
import io.routescale.exporter.signal.SignalBoard;
import io.routescale.exporter.signal.SignalCalculator;
import io.routescale.exporter.traefik.SeriesKeyPool;
import io.routescale.exporter.window.WindowStore;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Runs in its own JVM (started with {@code -Xmx64m} by {@link ScrapeVersusPrometheus}): the exporter's real
 * scrape cycle (HTTP fetch, parse, window, signals) against a URL, {@code cycles} times, 2 s of data apart.
 * Prints one line: {@code cycles ok medianMs p90Ms maxHeapUsedAfterGcMb backends}. Optional arguments: the parse
 * limits {@code maxBodyMB maxSeries maxTargets} (default the shipped ones) and the pause between cycles in ms
 * (default 0), which lets a stand-in render its next body while nothing is measured.
 */
public final class FullCycleProbe {
    private FullCycleProbe() {
    }

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        int cycles = Integer.parseInt(args[1]);
        Clock clock = Clock.systemUTC();
        ParseLimits limits = args.length > 4 ? new ParseLimits(Long.parseLong(args[2]) << 20, Long.parseLong(args[3]),
                ParseLimits.DEFAULT.maxLineBytes(), Integer.parseInt(args[4])) : ParseLimits.DEFAULT;
        long pauseMillis = args.length > 5 ? Long.parseLong(args[5]) : 0;
        TraefikScraper scraper = new TraefikScraper(url, Duration.ofSeconds(30), new ExpositionParser(limits),
                new SeriesKeyPool(100_000), clock);
        SignalBoard board = new SignalBoard();
        SignalPipeline pipeline = new SignalPipeline(scraper, new WindowStore(Duration.ofSeconds(60), Duration.ofSeconds(2)),
                new SignalCalculator(List.of(Duration.ofSeconds(10), Duration.ofSeconds(60)), 0.5),
                new ParsedNameResolver(List.of("web", "websecure")), board, new SelfMetrics(new PrometheusRegistry()), clock);
        double[] ms = new double[cycles];
        int ok = 0;
        long maxAfterGc = 0;
        int backends = 0;
        for (int i = 0; i < cycles; i++) {
            Thread.sleep(pauseMillis);
            long t0 = System.nanoTime();
            ExporterState s = pipeline.runOnce();
            ms[i] = (System.nanoTime() - t0) / 1e6;
            if (s.traefikUp()) {
                ok++;
                backends = s.signals().backends().size();
            } else {
                System.err.println("cycle " + i + " failed: " + s.lastErrorMessage());
            }
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                    maxAfterGc = Math.max(maxAfterGc, pool.getCollectionUsage().getUsed());
                }
            }
        }
        scraper.close();
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf(java.util.Locale.ROOT, "%d %d %.1f %.1f %.1f %d%n", cycles, ok, sorted[cycles / 2],
                sorted[(int) (cycles * 0.9)], maxAfterGc / 1e6, backends);
    }
}
