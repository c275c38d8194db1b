package io.routescale.autoscaler.policy;

import io.routescale.autoscaler.cluster.ClusterException;
import io.routescale.autoscaler.cluster.EventSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The policy in force, re-read from its ConfigMap on every {@link #refresh()}. A new content that fails
 * validation is rejected with its precise problems (log, a Warning Event on the ConfigMap, a metric) and the
 * last good policy stays in force; so does it when the ConfigMap is deleted or unreadable. With a
 * {@code lastGood} file (the chart puts it on an emptyDir, which outlives container restarts) the last good
 * policy also survives a restart: a process that starts while the ConfigMap holds a bad policy acts on the copy;
 * without one it scales nothing until a valid policy arrives, and says so.
 */
public final class PolicyStore {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyStore.class);

    private final PolicySource source;
    private final EventSink events;
    private final PolicyParser parser;
    private final PolicyStatus metrics;
    private final String namespace;
    private final String name;
    private final String key;
    private final AtomicReference<Policy> current = new AtomicReference<>(Policy.EMPTY);
    private final Path lastGood;
    private String lastContent;
    private boolean started;

    public PolicyStore(PolicySource source, EventSink events, PolicyParser parser, PolicyStatus metrics, String namespace,
                       String name, String key) {
        this(source, events, parser, metrics, namespace, name, key, null);
    }

    /** @param lastGood where the last good policy is kept across restarts; null: nowhere */
    public PolicyStore(PolicySource source, EventSink events, PolicyParser parser, PolicyStatus metrics, String namespace,
                       String name, String key, Path lastGood) {
        this.source = source;
        this.events = events;
        this.parser = parser;
        this.metrics = metrics;
        this.namespace = namespace;
        this.name = name;
        this.key = key;
        this.lastGood = lastGood;
    }

    public Policy current() {
        return current.get();
    }

    /** Reads the ConfigMap; true when a new policy came into force. */
    public synchronized boolean refresh() {
        if (!started) {
            started = true;
            restoreLastGood();
        }
        Optional<String> content;
        try {
            content = source.readConfigMap(namespace, name, key);
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
            Policy next = parse(content.get());
            current.set(next);
            metrics.policy(true, next.targets().size());
            LOG.info("policy from ConfigMap {}/{} in force: {} targets", namespace, name, next.targets().size());
            event("Normal", "PolicyLoaded", "policy in force: " + next.targets().size() + " targets");
            keepLastGood(content.get());
            return true;
        } catch (PolicyException e) {
            metrics.policyRejected();
            if (current.get() == Policy.EMPTY) {
                metrics.policy(false, 0);
                LOG.error("policy in ConfigMap {}/{} rejected and no good one is known: no target is scaled until a valid "
                        + "policy arrives: {}", namespace, name, e.problems());
            } else {
                LOG.error("policy in ConfigMap {}/{} rejected, keeping the last good one ({} targets): {}", namespace, name,
                        current.get().targets().size(), e.problems());
            }
            event("Warning", "PolicyRejected", e.getMessage());
            return false;
        }
    }

    /** The parser, with anything it did not foresee turned into a rejection: a policy must never stop the daemon. */
    private Policy parse(String content) throws PolicyException {
        try {
            return parser.parse(content);
        } catch (RuntimeException | StackOverflowError e) {
            throw new PolicyException(java.util.List.of("policy: cannot be read (" + e.getClass().getSimpleName() + ")"));
        }
    }

    private void restoreLastGood() {
        if (lastGood == null || !Files.isRegularFile(lastGood)) {
            return;
        }
        try {
            Policy kept = parse(Files.readString(lastGood));
            current.set(kept);
            metrics.policy(true, kept.targets().size());
            LOG.info("last good policy from {} in force ({} targets) until the ConfigMap's is read", lastGood, kept.targets().size());
        } catch (IOException | PolicyException e) {
            metrics.error("policy");
            LOG.warn("the last good policy kept in {} cannot be used ({}); waiting for the ConfigMap's", lastGood, e.getMessage());
        }
    }

    private void keepLastGood(String content) {
        if (lastGood == null) {
            return;
        }
        try {
            Path tmp = lastGood.resolveSibling(lastGood.getFileName() + ".tmp");
            Files.writeString(tmp, content);
            Files.move(tmp, lastGood, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            metrics.error("policy");
            LOG.warn("cannot keep the last good policy in {} ({}): a restart will wait for a valid ConfigMap", lastGood, e.getMessage());
        }
    }

    private void event(String type, String reason, String message) {
        try {
            events.recordEvent(namespace, "v1", "ConfigMap", name, type, reason, message);
        } catch (ClusterException e) {
            metrics.error("events");
        }
    }
}
