package io.routescale.exporter;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.routescale.http.MetricsEndpoint;
import io.routescale.http.StreamingMetricsServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.routescale.exporter.config.ExporterConfig;
import io.routescale.exporter.expose.SelfMetrics;
import io.routescale.exporter.expose.SignalExposition;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.apis.NetworkingV1Api;
import io.routescale.exporter.naming.ClientJavaCatalog;
import io.routescale.exporter.naming.KubernetesNameResolver;
import io.routescale.exporter.naming.NameResolver;
import io.routescale.exporter.naming.ParsedNameResolver;
import io.routescale.exporter.parse.ExpositionParser;
import io.routescale.exporter.parse.ParseLimits;
import io.routescale.exporter.scrape.TraefikScraper;
import io.routescale.exporter.signal.SignalBoard;
import io.routescale.exporter.signal.SignalCalculator;
import io.routescale.exporter.traefik.SeriesKeyPool;
import io.routescale.exporter.window.WindowStore;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.List;

/** Wires the pipeline stages from {@link ExporterConfig}; compile-time DI, no reflection. */
@Requires(property = "routescale.exporter.enabled", notEquals = "false")
@Factory
public class ExporterFactory {

    @Singleton
    SignalBoard board() {
        return new SignalBoard();
    }

    @Singleton
    SelfMetrics selfMetrics(PrometheusRegistry registry) {
        return new SelfMetrics(registry);
    }

    @Singleton
    @Bean(preDestroy = "close")
    TraefikScraper scraper(ExporterConfig config, Clock clock) {
        ParseLimits limits = new ParseLimits(config.getMaxBodyBytes(), config.getMaxSeries(), config.getMaxLineBytes(),
                config.getMaxTargets());
        return new TraefikScraper(config.getTraefikUrl(), config.getScrapeTimeout(), new ExpositionParser(limits),
                new SeriesKeyPool(100_000), clock);
    }

    @Singleton
    @Named("parsed")
    @Requires(property = "routescale.exporter.kubernetes-enabled", notEquals = "true")
    NameResolver parsedNames(ExporterConfig config) {
        return new ParsedNameResolver(config.getEntrypoints());
    }

    /** Exact names from the API; the first read happens here so the first scrape already has them. */
    @Singleton
    @Requires(property = "routescale.exporter.kubernetes-enabled", value = "true")
    KubernetesNameResolver kubernetesNames(ExporterConfig config, CoreV1Api core, NetworkingV1Api networking,
                                           CustomObjectsApi custom) {
        KubernetesNameResolver resolver = new KubernetesNameResolver(new ClientJavaCatalog(core, networking, custom),
                new ParsedNameResolver(config.getEntrypoints()));
        resolver.refresh();
        return resolver;
    }

    @Singleton
    SignalPipeline pipeline(ExporterConfig config, TraefikScraper scraper, NameResolver names, SignalBoard board,
                            SelfMetrics metrics, Clock clock) {
        List<java.time.Duration> windows = config.sortedWindows();
        WindowStore store = new WindowStore(windows.get(windows.size() - 1), config.getScrapeInterval());
        SignalCalculator calculator = new SignalCalculator(windows, config.getMinWindowCoverage());
        return new SignalPipeline(scraper, store, calculator, names, board, metrics, clock);
    }

    @Singleton
    @Bean(preDestroy = "close")
    StreamingMetricsServer metricsServer(ExporterConfig config, PrometheusRegistry registry, SignalBoard board, Clock clock) {
        return MetricsEndpoint.startStreaming(config.getMetricsHost(), config.getMetricsPort(), registry,
                "routescale.exporter.metrics-port", new SignalExposition(board, clock, config.getStaleAfter()));
    }
}
