package io.routescale.autoscaler.bench;

import io.micronaut.serde.ObjectMapper;
import io.routescale.autoscaler.policy.SignalSelector;
import io.routescale.autoscaler.signals.PrometheusSignalSource;
import io.routescale.autoscaler.signals.SelectorValues;
import io.routescale.autoscaler.signals.StandInFleet;
import io.routescale.exporter.testing.FakeTraefikServer;
import io.routescale.exporter.testing.RealPrometheus;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One Prometheus read of TARGETS targets (half backends, half routes, two windows) against a real Prometheus
 * scraping two stand-in exporters: its time (p50, p99 of READS reads, one after another) and its HTTP requests.
 * Command: {@code scripts/bench-autoscaler.sh prometheus [targets] [reads]}.
 */
public final class PrometheusReadBenchmark {
    private PrometheusReadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int targets = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int reads = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int each = targets / 2;
        try (FakeTraefikServer one = new FakeTraefikServer(); FakeTraefikServer two = new FakeTraefikServer()) {
            one.serve(StandInFleet.exposition(each, 1));
            two.serve(StandInFleet.exposition(each, 2));
            List<String> scraped = List.of(one.url().getHost() + ":" + one.url().getPort(),
                    two.url().getHost() + ":" + two.url().getPort());
            try (RealPrometheus prometheus = new RealPrometheus(scraped, Duration.ofSeconds(5))) {
                prometheus.awaitScalar("count(routescale_route_requests_per_second)", v -> v == 4.0 * each,
                        Duration.ofSeconds(90)).orElseThrow(() -> new IllegalStateException("Prometheus never had both replicas"));
                Set<SignalSelector> wanted = new HashSet<>();
                for (int i = 1; i <= each; i++) {
                    wanted.add(new SignalSelector(false, "ns" + i % 40, "svc" + i));
                    wanted.add(new SignalSelector(true, "ns" + i % 40, "rt" + i));
                }
                PrometheusSignalSource source = new PrometheusSignalSource(prometheus.url(), HttpClient.newHttpClient(),
                        Duration.ofSeconds(30), ObjectMapper.getDefault(), () -> List.of("10s", "60s"));
                source.read(wanted);   // warm-up: connections, JIT
                double[] ms = new double[reads];
                double before = StandInFleet.queriesAnswered(prometheus);
                int found = 0;
                for (int r = 0; r < reads; r++) {
                    long t0 = System.nanoTime();
                    Map<SignalSelector, SelectorValues> read = source.read(wanted);
                    ms[r] = (System.nanoTime() - t0) / 1e6;
                    found = read.size();
                }
                double requests = (StandInFleet.queriesAnswered(prometheus) - before) / reads;
                Arrays.sort(ms);
                System.out.printf(Locale.ROOT, "| targets | found | reads | p50 ms | p99 ms | HTTP requests per read |%n"
                                + "|---:|---:|---:|---:|---:|---:|%n| %d | %d | %d | %.0f | %.0f | %.0f |%n",
                        wanted.size(), found, reads, ms[reads / 2], ms[Math.min(reads - 1, (int) Math.ceil(reads * 0.99) - 1)], requests);
            }
        }
    }
}
