package io.routescale.http;

import io.micronaut.context.annotation.Factory;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * Beans both daemons make the same way: the wall clock (the code that decides takes time as an argument, so
 * tests pass their own) and the registry their {@link MetricsEndpoint} serves.
 */
@Factory
public class DaemonBeans {
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    PrometheusRegistry registry() {
        return new PrometheusRegistry();
    }
}
