package io.routescale.exporter.window;

import io.routescale.exporter.traefik.HistogramSample;
import io.routescale.exporter.traefik.SeriesKey;
import io.routescale.exporter.traefik.TargetSample;

import java.util.HashMap;
import java.util.Map;

/**
 * The raw series a target had and that its latest sample lacks, by their last values and the cycle they were
 * last seen in. A series missing from one scrape and back in the next is compared with what it was, not
 * counted whole as if new. Forgotten once out of the longest window (as whole targets are). Usually empty.
 */
final class SeriesMemory {
    private record Seen<T>(T value, long cycle) {
    }

    private Map<SeriesKey, Seen<Double>> requests;
    private Map<SeriesKey, Seen<HistogramSample>> latency;

    Double request(SeriesKey key) {
        Seen<Double> seen = requests == null ? null : requests.get(key);
        return seen == null ? null : seen.value();
    }

    HistogramSample latency(SeriesKey key) {
        Seen<HistogramSample> seen = latency == null ? null : latency.get(key);
        return seen == null ? null : seen.value();
    }

    /**
     * After {@code current} was counted: remembers what {@code previous} (seen in {@code previousCycle}) had and
     * {@code current} lacks, forgets what came back and what is older than the timeline holds.
     * {@code nothingVanished} (every series of {@code previous} was matched while counting) skips the scan.
     */
    void update(TargetSample previous, long previousCycle, TargetSample current, boolean nothingVanished,
                CycleTimeline timeline) {
        if (previous != null && !nothingVanished) {
            for (Map.Entry<SeriesKey, Double> e : previous.requests().entrySet()) {
                if (!current.requests().containsKey(e.getKey())) {
                    if (requests == null) {
                        requests = new HashMap<>();
                    }
                    requests.put(e.getKey(), new Seen<>(e.getValue(), previousCycle));
                }
            }
            for (Map.Entry<SeriesKey, HistogramSample> e : previous.latency().entrySet()) {
                if (!current.latency().containsKey(e.getKey())) {
                    if (latency == null) {
                        latency = new HashMap<>();
                    }
                    latency.put(e.getKey(), new Seen<>(e.getValue(), previousCycle));
                }
            }
        }
        if (requests != null) {
            requests.entrySet().removeIf(e -> current.requests().containsKey(e.getKey()) || !timeline.holds(e.getValue().cycle()));
            requests = requests.isEmpty() ? null : requests;
        }
        if (latency != null) {
            latency.entrySet().removeIf(e -> current.latency().containsKey(e.getKey()) || !timeline.holds(e.getValue().cycle()));
            latency = latency.isEmpty() ? null : latency;
        }
    }

    /** A new Traefik process: nothing the old one counted says anything about the new one's series. */
    void clear() {
        requests = null;
        latency = null;
    }
}
