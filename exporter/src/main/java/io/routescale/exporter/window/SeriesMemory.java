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
        boolean scan = previous != null && !nothingVanished;
        requests = update(requests, scan ? previous.requests() : null, previousCycle, current.requests(), timeline);
        latency = update(latency, scan ? previous.latency() : null, previousCycle, current.latency(), timeline);
    }

    /** One kind of series: {@code previous} null skips remembering. Answers the memory, null when it is empty. */
    private static <T> Map<SeriesKey, Seen<T>> update(Map<SeriesKey, Seen<T>> memory, Map<SeriesKey, T> previous,
                                                      long previousCycle, Map<SeriesKey, T> current, CycleTimeline timeline) {
        if (previous != null) {
            for (Map.Entry<SeriesKey, T> e : previous.entrySet()) {
                if (!current.containsKey(e.getKey())) {
                    if (memory == null) {
                        memory = new HashMap<>();
                    }
                    memory.put(e.getKey(), new Seen<>(e.getValue(), previousCycle));
                }
            }
        }
        if (memory != null) {
            memory.entrySet().removeIf(e -> current.containsKey(e.getKey()) || !timeline.holds(e.getValue().cycle()));
        }
        return memory == null || memory.isEmpty() ? null : memory;
    }

    /** A new Traefik process: nothing the old one counted says anything about the new one's series. */
    void clear() {
        requests = null;
        latency = null;
    }
}
