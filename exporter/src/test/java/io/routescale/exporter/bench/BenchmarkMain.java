package io.routescale.exporter.bench;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Collection;
import java.util.Locale;

/**
 * Runs {@link ParseAggregateBenchmark} with JMH's GC profiler and prints, per payload size, MB/s, ns per series
 * and heap allocated per cycle. Then runs {@link ScrapeVersusPrometheus} on both 5,000-service bodies (the
 * default shape, 125,000 series, and the umbrella's, about 450,000): the full scrape cycle in a JVM with the
 * sidecar's heap beside the real Prometheus scraping the same payload. Command: {@code scripts/bench.sh}.
 */
public final class BenchmarkMain {
    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = args.length > 0 && args[0].equals("--quick");
        OptionsBuilder ob = new OptionsBuilder();
        ob.include(ParseAggregateBenchmark.class.getSimpleName()).addProfiler(GCProfiler.class).shouldFailOnError(true);
        if (quick) {
            ob.warmupIterations(1).measurementIterations(2);
        }
        Options options = ob.build();
        Collection<RunResult> results = new Runner(options).run();
        System.out.println();
        System.out.println("| services | payload MB | series | ms/cycle | MB/s | ns/series | heap allocated/cycle |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (RunResult r : results) {
            int services = Integer.parseInt(r.getParams().getParam("services"));
            long[] size = ParseAggregateBenchmark.payloadSize(services);
            double ms = r.getPrimaryResult().getScore();
            Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            double mb = size[0] / 1e6;
            System.out.printf(Locale.ROOT, "| %d | %.2f | %d | %.3f ± %.3f | %.0f | %.0f | %s |%n", services, mb, size[1], ms,
                    r.getPrimaryResult().getScoreError(), mb / (ms / 1000), ms * 1e6 / size[1],
                    alloc == null ? "n/a" : String.format(Locale.ROOT, "%.1f MB", alloc.getScore() / 1e6));
        }
        System.out.println();
        ScrapeVersusPrometheus.main(new String[] {"5000", "default"});
        System.out.println();
        ScrapeVersusPrometheus.main(new String[] {"5000", "umbrella"});
    }
}
