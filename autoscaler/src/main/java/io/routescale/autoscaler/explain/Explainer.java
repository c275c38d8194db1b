package io.routescale.autoscaler.explain;

import io.routescale.autoscaler.act.Actuation;
import io.routescale.autoscaler.cluster.ClusterException;
import io.routescale.autoscaler.cluster.EventSink;
import io.routescale.autoscaler.decide.Decision;
import io.routescale.autoscaler.decide.Finding;
import io.routescale.autoscaler.policy.TargetPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Says what every decision did: a Kubernetes Event on the target for each change (and for each new refusal
 * or failure, not every repeat of it), metrics, and one structured log line. Explaining never blocks
 * scaling: an Event that cannot be written is logged and counted.
 */
public final class Explainer {
    private static final Logger LOG = LoggerFactory.getLogger(Explainer.class);
    private final EventSink events;
    private final AutoscalerMetrics metrics;
    private final Map<String, String> lastProblem = new HashMap<>();
    /** Targets with pods the scheduler cannot place, and the words last said for them. */
    private final Map<String, String> unschedulable = new HashMap<>();

    public Explainer(EventSink events, AutoscalerMetrics metrics) {
        this.events = events;
        this.metrics = metrics;
    }

    public void explain(TargetPolicy p, Decision d, Actuation a, double nowSeconds) {
        metrics.decided(p, d, a, nowSeconds);
        String key = p.target().namespace() + "/" + p.target().kind() + "/" + p.target().name();
        waitingForNodes(p, key, d);
        switch (a.result()) {
            case WRITTEN -> {
                lastProblem.remove(key);
                log(key, d, a).log("{} (details: {})", a.message(), d.details());
                event(p, "Normal", "Scaled", a.message());
            }
            case DRY_RUN -> {
                log(key, d, a).log("{} (details: {})", a.message(), d.details());
                if (!Objects.equals(lastProblem.put(key, a.message()), a.message())) {
                    event(p, "Normal", "DryRun", a.message());
                }
            }
            case REFUSED, FAILED, SUPERSEDED -> {
                if (!Objects.equals(lastProblem.put(key, a.message()), a.message())) {
                    LOG.warn("{}", a.message());
                    if (a.result() == Actuation.Result.FAILED) {
                        metrics.error("api");
                    }
                    event(p, a.result() == Actuation.Result.SUPERSEDED ? "Normal" : "Warning",
                            switch (a.result()) {
                                case REFUSED -> "ScaleRefused";
                                case FAILED -> "ScaleFailed";
                                default -> "Superseded";
                            }, a.message());
                }
            }
            case UNCHANGED -> {
                String note = d.signalsMissing() ? d.reason() : null;
                if (!Objects.equals(lastProblem.get(key), note)) {
                    if (note != null) {
                        lastProblem.put(key, note);
                        LOG.warn("{}", note);
                        event(p, "Warning", "SignalsMissing", note);
                    } else {
                        lastProblem.remove(key);
                    }
                }
                LOG.debug("{} (details: {})", d.reason(), d.details());
            }
        }
    }

    /** Once when a target's pods cannot be scheduled (and when the reason changes), once when they all can again. */
    private void waitingForNodes(TargetPolicy p, String key, Decision d) {
        if (d.unschedulable() > 0) {
            String message = String.format(java.util.Locale.ROOT, "%d replica(s) of %s cannot be scheduled: %s; until they run only the load's rate adds replicas (latency and in-flight rules add none)",
                    d.unschedulable(), p.target(), d.unschedulableMessage().isEmpty() ? "Unschedulable" : d.unschedulableMessage());
            if (!Objects.equals(unschedulable.put(key, d.unschedulableMessage()), d.unschedulableMessage())) {
                LOG.warn("{}", message);
                event(p, "Warning", "ReplicasUnschedulable", message);
            }
        } else if (unschedulable.remove(key) != null) {
            LOG.info("every replica of {} can be scheduled again", p.target());
            event(p, "Normal", "ReplicasSchedulable", "every replica of " + p.target() + " can be scheduled again");
        }
    }

    /**
     * One decision as a structured log event: the key/value pairs a JSON encoder writes as fields, the driving
     * rule's finding among them (what it read, against what, wanting how many), so logs can be queried by rule.
     */
    private static org.slf4j.spi.LoggingEventBuilder log(String target, Decision d, Actuation a) {
        org.slf4j.spi.LoggingEventBuilder b = LOG.atInfo().addKeyValue("target", target).addKeyValue("from", d.current())
                .addKeyValue("to", d.desired()).addKeyValue("result", a.result().name().toLowerCase(java.util.Locale.ROOT))
                .addKeyValue("burst", d.burst());
        Finding c = d.cause();
        if (c != null) {
            b = b.addKeyValue("rule", c.rule().kind().yamlName()).addKeyValue("signal", c.rule().source().toString())
                    .addKeyValue("value", c.value()).addKeyValue("compared", c.target()).addKeyValue("wants", c.wants());
        }
        return b;
    }

    /** A target read failed before any decision. */
    public void readFailed(TargetPolicy p, ClusterException e) {
        String key = p.target().namespace() + "/" + p.target().kind() + "/" + p.target().name();
        metrics.error("api");
        if (!Objects.equals(lastProblem.put(key, e.getMessage()), e.getMessage())) {
            LOG.warn("cannot decide for {}: {}", p.target(), e.getMessage());
        }
    }

    private void event(TargetPolicy p, String type, String reason, String message) {
        try {
            events.recordEvent(p.target().namespace(), p.target().apiVersion(), p.target().kind(), p.target().name(),
                    type, reason, message);
        } catch (ClusterException e) {
            metrics.error("events");
            LOG.debug("event not written: {}", e.getMessage());
        }
    }
}
