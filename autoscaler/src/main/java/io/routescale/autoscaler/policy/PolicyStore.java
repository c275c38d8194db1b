package io.routescale.autoscaler.policy;

import io.routescale.autoscaler.act.Cluster;
import io.routescale.autoscaler.act.ClusterException;
import io.routescale.autoscaler.explain.AutoscalerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The policy in force, re-read from its ConfigMap on every {@link #refresh()}. A new content that fails
 * validation is rejected with its precise problems (log, a Warning Event on the ConfigMap, a metric) and the
 * last good policy stays in force; so does it when the ConfigMap is deleted or unreadable.
 */
public final class PolicyStore {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyStore.class);

    private final Cluster cluster;
    private final PolicyParser parser;
    private final AutoscalerMetrics metrics;
    private final String namespace;
    private final String name;
    private final String key;
    private final AtomicReference<Policy> current = new AtomicReference<>(Policy.EMPTY);
    private String lastContent;

    public PolicyStore(Cluster cluster, PolicyParser parser, AutoscalerMetrics metrics, String namespace, String name, String key) {
        this.cluster = cluster;
        this.parser = parser;
        this.metrics = metrics;
        this.namespace = namespace;
        this.name = name;
        this.key = key;
    }

    public Policy current() {
        return current.get();
    }

    /** Reads the ConfigMap; true when a new policy came into force. */
    public synchronized boolean refresh() {
        Optional<String> content;
        try {
            content = cluster.readConfigMap(namespace, name, key);
        } catch (ClusterException e) {
            metrics.error("policy");
            LOG.warn("cannot read policy ConfigMap {}/{} ({}); keeping the policy in force", namespace, name, e.getMessage());
            return false;
        }
        if (content.isEmpty()) {
            if (lastContent != null) {
                LOG.warn("policy ConfigMap {}/{} (key {}) is gone; keeping the last good policy ({} targets)",
                        namespace, name, key, current.get().targets().size());
                lastContent = null;
            }
            return false;
        }
        if (Objects.equals(content.get(), lastContent)) {
            return false;
        }
        lastContent = content.get();
        try {
            Policy next = parser.parse(content.get());
            current.set(next);
            metrics.policy(true, next.targets().size());
            LOG.info("policy from ConfigMap {}/{} in force: {} targets", namespace, name, next.targets().size());
            event("Normal", "PolicyLoaded", "policy in force: " + next.targets().size() + " targets");
            return true;
        } catch (PolicyException e) {
            metrics.policyRejected();
            LOG.error("policy in ConfigMap {}/{} rejected, keeping the last good one: {}", namespace, name, e.problems());
            event("Warning", "PolicyRejected", e.getMessage());
            return false;
        }
    }

    private void event(String type, String reason, String message) {
        try {
            cluster.recordEvent(namespace, "v1", "ConfigMap", name, type, reason, message);
        } catch (ClusterException e) {
            metrics.error("events");
        }
    }
}
