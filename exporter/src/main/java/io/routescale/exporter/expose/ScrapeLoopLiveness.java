package io.routescale.exporter.expose;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import io.routescale.exporter.config.ExporterConfig;
import io.routescale.exporter.signal.SignalBoard;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.time.Clock;
import java.util.Map;

/**
 * Liveness: the scrape loop is still turning (an attempt ended recently, successful or not). Traefik being
 * down is deliberately not a liveness or readiness failure: the exporter shares Traefik's pod, and failing
 * readiness would take Traefik out of its Service.
 */
@Requires(property = "routescale.exporter.enabled", notEquals = "false")
@Singleton
@Liveness
public class ScrapeLoopLiveness implements HealthIndicator {
    private final SignalBoard board;
    private final Clock clock;
    private final long startedMillis;
    private final long graceMillis;

    public ScrapeLoopLiveness(SignalBoard board, Clock clock, ExporterConfig config) {
        this.board = board;
        this.clock = clock;
        this.startedMillis = clock.millis();
        this.graceMillis = config.getScrapeInterval().multipliedBy(5).plus(config.getScrapeTimeout()).toMillis();
    }

    @Override
    public Publisher<HealthResult> getResult() {
        long now = clock.millis();
        long last = Math.max(board.current().lastAttemptMillis(), startedMillis);
        boolean turning = now - last <= graceMillis;
        return Publishers.just(HealthResult.builder("scrapeLoop", turning ? HealthStatus.UP : HealthStatus.DOWN)
                .details(Map.of("millisSinceLastAttempt", now - last, "graceMillis", graceMillis)).build());
    }
}
