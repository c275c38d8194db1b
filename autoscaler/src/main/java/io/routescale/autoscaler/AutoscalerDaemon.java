package io.routescale.autoscaler;

import io.kubernetes.client.openapi.ApiClient;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.routescale.autoscaler.explain.AutoscalerMetrics;
import io.routescale.autoscaler.k8s.Leadership;
import io.routescale.autoscaler.policy.PolicyStore;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The running daemon: every replica keeps the policy fresh; only the leader runs decision cycles, at a fixed
 * rate (a slow cycle delays the next, never overlaps it). Both run on threads of the daemon's own, started when
 * the context has started: a {@code @Scheduled} method's first tick could fire while the context was still
 * starting and fail with "Cannot resolve beans until the context is running" (about one start in 25).
 */
@Context
@Requires(property = "routescale.autoscaler.enabled", notEquals = "false")
public class AutoscalerDaemon {
    private static final Logger LOG = LoggerFactory.getLogger(AutoscalerDaemon.class);

    private final ScaleLoop loop;
    private final PolicyStore policy;
    private final AutoscalerMetrics metrics;
    private final Leadership leadership;
    private final AutoscalerConfig config;
    /** Two threads: a slow cycle must not hold back the policy refresh, nor the other way round. */
    private final ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "routescale-tick");
        t.setDaemon(true);
        return t;
    });

    public AutoscalerDaemon(ScaleLoop loop, PolicyStore policy, AutoscalerConfig config, ApiClient client,
                            AutoscalerMetrics metrics, HTTPServer metricsServer) {
        this.loop = loop;
        this.policy = policy;
        this.metrics = metrics;
        this.config = config;
        policy.refresh();
        LOG.info("routescale autoscaler {}: metrics on port {}, signals from {}", config.getIdentity(),
                metricsServer.getPort(), config.getSource().name().toLowerCase(java.util.Locale.ROOT));
        if (config.isLeaderElection()) {
            leadership = new Leadership(client, config.getLeaseNamespace(), config.getLeaseName(), config.getIdentity(),
                    config.getLeaseDuration(), config.getRenewDeadline(), config.getRetryPeriod(),
                    () -> {
                        loop.reset();
                        metrics.leader(true);
                    },
                    () -> metrics.leader(false));
            leadership.start();
        } else {
            leadership = null;
            metrics.leader(true);
        }
        loop.whileLeading(this::isLeader);
    }

    public boolean isLeader() {
        return leadership == null || leadership.isLeader();
    }

    @EventListener
    void onStartup(StartupEvent started) {
        ticks.scheduleAtFixedRate(this::cycle, 0, config.getInterval().toMillis(), TimeUnit.MILLISECONDS);
        ticks.scheduleWithFixedDelay(this::refreshPolicy, config.getPolicyRefresh().toMillis(),
                config.getPolicyRefresh().toMillis(), TimeUnit.MILLISECONDS);
    }

    void cycle() {
        if (!isLeader()) {
            return;
        }
        try {
            loop.runOnce();
        } catch (RuntimeException e) {
            // One bad cycle must not stop the daemon.
            LOG.error("decision cycle failed unexpectedly", e);
        }
    }

    void refreshPolicy() {
        try {
            policy.refresh();
        } catch (RuntimeException e) {
            metrics.error("policy");
            LOG.error("policy refresh failed unexpectedly", e);
        }
    }

    @PreDestroy
    void stop() {
        ticks.shutdownNow();
        if (leadership != null) {
            leadership.close();
        }
    }
}
