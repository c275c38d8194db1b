package io.routescale.exporter.bench;

import io.routescale.exporter.naming.ParsedNameResolver;
import io.routescale.exporter.parse.ExpositionParser;
import io.routescale.exporter.parse.ParseLimits;
import io.routescale.exporter.signal.SignalCalculator;
import io.routescale.exporter.signal.SignalSet;
import io.routescale.exporter.testing.Fixtures;
import io.routescale.exporter.testing.SyntheticTraefik;
import io.routescale.exporter.traefik.SeriesKeyPool;
import io.routescale.exporter.traefik.TraefikSnapshotBuilder;
import io.routescale.exporter.window.WindowStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One exporter cycle without the network: parse a Traefik body of {@code services} backends, window it and
 * compute every signal. Two successive bodies alternate so every cycle has real increments to aggregate.
 * Run through {@link BenchmarkMain}, which turns the times into MB/s and ns per series.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// The payloads themselves are held in this JVM, so it gets room; the -Xmx64m cap is measured by FullCycleProbe,
// where the body streams in over HTTP as in production.
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class ParseAggregateBenchmark {
    @Param({"50", "500", "5000"})
    public int services;

    private byte[][] bodies;
    private ExpositionParser parser;
    private SeriesKeyPool keys;
    private WindowStore store;
    private SignalCalculator calculator;
    private ParsedNameResolver names;
    private long cycle;

    @Setup(Level.Trial)
    public void setUp() {
        SyntheticTraefik traefik = SyntheticTraefik.ofSize(services, SyntheticTraefik.Generation.V2, false);
        bodies = new byte[][] {traefik.render(1000).getBytes(StandardCharsets.UTF_8),
                traefik.render(1002).getBytes(StandardCharsets.UTF_8)};
        parser = new ExpositionParser(ParseLimits.DEFAULT);
        keys = new SeriesKeyPool(100_000);
        store = new WindowStore(Duration.ofSeconds(60), Duration.ofSeconds(2));
        calculator = new SignalCalculator(List.of(Duration.ofSeconds(10), Duration.ofSeconds(60)), 0.5);
        names = new ParsedNameResolver(List.of("web", "websecure"));
    }

    @Benchmark
    public SignalSet cycle() throws Exception {
        byte[] body = bodies[(int) (cycle & 1)];
        TraefikSnapshotBuilder builder = new TraefikSnapshotBuilder(keys);
        parser.parse(new ByteArrayInputStream(body), builder);
        store.record(builder.build(++cycle * 2000));
        return calculator.compute(store, names, io.routescale.exporter.traefik.TraefikGeneration.V2);
    }

    /** Bytes and sample lines of the body measured at {@code services}, for the MB/s and ns/series columns. */
    static long[] payloadSize(int services) {
        String body = SyntheticTraefik.ofSize(services, SyntheticTraefik.Generation.V2, false).render(1000);
        return new long[] {body.getBytes(StandardCharsets.UTF_8).length, Fixtures.sampleLines(body)};
    }
}
