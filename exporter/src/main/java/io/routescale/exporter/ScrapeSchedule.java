package io.routescale.exporter;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.routescale.http.StreamingMetricsServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the pipeline at a fixed rate, so cycles are evenly spaced; a slow cycle delays, never overlaps. */
@Context
@Requires(property = "routescale.exporter.enabled", notEquals = "false")
@Requires(property = "routescale.exporter.schedule-enabled", notEquals = "false")
public class ScrapeSchedule {
    private static final Logger LOG = LoggerFactory.getLogger(ScrapeSchedule.class);
    private final SignalPipeline pipeline;

    /** Takes the metrics server so it starts with the application, not at its first use. */
    public ScrapeSchedule(SignalPipeline pipeline, StreamingMetricsServer metricsServer) {
        this.pipeline = pipeline;
        LOG.info("Serving Prometheus metrics on port {}", metricsServer.getPort());
    }

    @Scheduled(fixedRate = "${routescale.exporter.scrape-interval:2s}")
    void tick() {
        try {
            pipeline.runOnce();
        } catch (RuntimeException e) {
            // A bug must cost one cycle, not the sidecar (and with it Traefik's pod).
            LOG.error("scrape cycle failed unexpectedly", e);
        }
    }
}
