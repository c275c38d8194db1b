package io.routescale.autoscaler;

import io.kubernetes.client.openapi.ApiClient;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.routescale.autoscaler.explain.AutoscalerMetrics;
import io.routescale.autoscaler.lead.Leadership;
import io.routescale.autoscaler.policy.PolicyStore;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: every replica keeps the policy fresh; only the leader runs decision cycles, at a fixed
 * rate (a slow cycle delays the next, never overlaps it).
 */
@Context
@Requires(property = "routescale.autoscaler.enabled", notEquals = "false")
public class AutoscalerDaemon {
    private static final Logger LOG = LoggerFactory.getLogger(AutoscalerDaemon.class);

    private final ScaleLoop loop;
    private final PolicyStore policy;
    private final AutoscalerMetrics metrics;
    private final Leadership leadership;

    public AutoscalerDaemon(ScaleLoop loop, PolicyStore policy, AutoscalerConfig config, ApiClient client,
                            AutoscalerMetrics metrics, HTTPServer metricsServer) {
        this.loop = loop;
        this.policy = policy;
        this.metrics = metrics;
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

    @Scheduled(fixedRate = "${routescale.autoscaler.interval:1s}")
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

    @Scheduled(fixedDelay = "${routescale.autoscaler.policy-refresh:5s}")
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
        if (leadership != null) {
            leadership.close();
        }
    }
}
