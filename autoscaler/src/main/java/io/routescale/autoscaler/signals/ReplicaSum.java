package io.routescale.autoscaler.signals;

import io.routescale.autoscaler.policy.SignalSelector;
import io.routescale.signals.SignalsView;
import io.routescale.signals.TargetSignals;
import io.routescale.signals.WindowSignals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Combines the {@code /signals} documents of every Traefik replica into one value per selector and window:
 * rates and in-flight add up, the error ratio is request-weighted, p99 is the worst. A window that any
 * contributing target cannot fill (not enough data) is absent as a whole: a partial sum would read as less
 * load. Pure: the fetching is {@link ExporterSignalSource}'s job.
 */
public final class ReplicaSum {
    private ReplicaSum() {
    }

    /**
     * @param documents  fresh documents, one per Traefik replica that answered
     * @param unanswered replicas expected but not read (unreachable, stale): the result is then marked incomplete
     */
    public static Map<SignalSelector, SelectorValues> combine(List<SignalsView> documents, int unanswered,
                                                            Set<SignalSelector> wanted) {
        Map<SignalSelector, SelectorValues> out = new HashMap<>();
        for (SignalSelector selector : wanted) {
            List<TargetSignals> matches = new ArrayList<>();
            for (SignalsView doc : documents) {
                for (TargetSignals t : selector.route() ? doc.routes() : doc.backends()) {
                    if (t.namespace().equals(selector.namespace()) && t.name().equals(selector.name())) {
                        matches.add(t);
                    }
                }
            }
            if (matches.isEmpty()) {
                continue;
            }
            Map<String, List<WindowSignals>> byWindow = new HashMap<>();
            for (TargetSignals t : matches) {
                for (WindowSignals w : t.windows()) {
                    byWindow.computeIfAbsent(w.window(), k -> new ArrayList<>()).add(w);
                }
            }
            Map<String, WindowValues> windows = new HashMap<>();
            byWindow.forEach((label, list) -> {
                if (list.size() == matches.size()) {
                    windows.put(label, sum(list));
                }
            });
            out.put(selector, new SelectorValues(Map.copyOf(windows), unanswered == 0));
        }
        return out;
    }

    static WindowValues sum(List<WindowSignals> parts) {
        double rps = 0;
        double errors = 0;
        double inflight = 0;
        Double p99 = null;
        boolean rpsKnown = true;
        boolean errorsKnown = true;
        boolean inflightKnown = true;
        for (WindowSignals w : parts) {
            if (w.requestsPerSecond() == null) {
                rpsKnown = false;
                continue;
            }
            rps += w.requestsPerSecond();
            if (w.requestsPerSecond() > 0) {
                if (w.errorRatio() == null) {
                    errorsKnown = false;
                } else {
                    errors += w.errorRatio() * w.requestsPerSecond();
                }
                if (w.latencyP99Seconds() != null) {
                    p99 = p99 == null ? w.latencyP99Seconds() : Math.max(p99, w.latencyP99Seconds());
                }
            }
            if (w.inflightRequests() == null) {
                inflightKnown = false;
            } else {
                inflight += w.inflightRequests();
            }
        }
        if (!rpsKnown) {
            return new WindowValues(null, null, null, null);
        }
        return new WindowValues(rps, errorsKnown && rps > 0 ? errors / rps : null, p99, inflightKnown ? inflight : null);
    }
}
