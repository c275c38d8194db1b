package io.routescale.exporter.traefik;

import io.routescale.exporter.parse.ExpositionException;
import io.routescale.exporter.parse.LabelView;
import io.routescale.exporter.parse.ParseLimits;
import io.routescale.exporter.parse.RejectReason;
import io.routescale.exporter.parse.SampleSink;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Collects, from a parsed Traefik body, the service and router series that scale signals need; everything
 * else (entrypoint, TLS, config, Go runtime) is skipped. Understands Traefik v2.0 to v3.7 (names and labels in
 * {@code FORMAT.md} of the test fixtures): header labels are kept as part of the series identity, any bucket
 * layout is accepted, and the open-connections gauges are used where they exist (v2 only).
 * One builder per scrape.
 */
public final class TraefikSnapshotBuilder implements SampleSink {
    private enum Family {
        SERVICE_REQUESTS, SERVICE_BUCKET, SERVICE_SUM, SERVICE_COUNT, SERVICE_OPEN, SERVICE_RETRIES, SERVICE_UP,
        ROUTER_REQUESTS, ROUTER_BUCKET, ROUTER_SUM, ROUTER_COUNT, ROUTER_OPEN,
        V2_MARKER, V3_MARKER, PROCESS_START
    }

    private static final Map<String, Family> FAMILIES = Map.ofEntries(
            Map.entry("traefik_service_requests_total", Family.SERVICE_REQUESTS),
            Map.entry("traefik_service_request_duration_seconds_bucket", Family.SERVICE_BUCKET),
            Map.entry("traefik_service_request_duration_seconds_sum", Family.SERVICE_SUM),
            Map.entry("traefik_service_request_duration_seconds_count", Family.SERVICE_COUNT),
            Map.entry("traefik_service_open_connections", Family.SERVICE_OPEN),
            Map.entry("traefik_service_retries_total", Family.SERVICE_RETRIES),
            Map.entry("traefik_service_server_up", Family.SERVICE_UP),
            Map.entry("traefik_router_requests_total", Family.ROUTER_REQUESTS),
            Map.entry("traefik_router_request_duration_seconds_bucket", Family.ROUTER_BUCKET),
            Map.entry("traefik_router_request_duration_seconds_sum", Family.ROUTER_SUM),
            Map.entry("traefik_router_request_duration_seconds_count", Family.ROUTER_COUNT),
            Map.entry("traefik_router_open_connections", Family.ROUTER_OPEN),
            Map.entry("traefik_entrypoint_open_connections", Family.V2_MARKER),
            Map.entry("traefik_open_connections", Family.V3_MARKER),
            Map.entry("process_start_time_seconds", Family.PROCESS_START));

    private final SeriesKeyPool keyPool;
    private final int maxTargets;
    private final Map<String, TargetBuilder> backends = new LinkedHashMap<>();
    private final Map<String, TargetBuilder> routes = new LinkedHashMap<>();
    private final Map<BoundsKey, double[]> sharedBounds = new HashMap<>();
    /** {@code le} label values already read, and their bounds; at most {@link #BOUNDS_REMEMBERED} (a body may be hostile). */
    private final Map<String, Double> boundsRead = new HashMap<>();
    private static final int BOUNDS_REMEMBERED = 1024;
    /** Buckets of the last histogram that reached its +Inf bucket: the size the next one's arrays start at. */
    private int bucketsHint = 8;
    /** The bounds of the last histogram read to its +Inf bucket (held by {@link #share}): the next usually repeat them. */
    private double[] lastLayout;
    private final StringBuilder keyText = new StringBuilder(96);
    private final java.util.List<String> lastKeyValues = new java.util.ArrayList<>(8);
    private SeriesKey lastKey;
    private boolean sawV2;
    private boolean sawV3;
    private double processStartSeconds = Double.NaN;

    /** @param maxTargets distinct services plus routers before the body is rejected ({@code max-targets}) */
    public TraefikSnapshotBuilder(SeriesKeyPool keyPool, int maxTargets) {
        this.keyPool = keyPool;
        this.maxTargets = maxTargets;
    }

    /** With the shipped target cap. */
    public TraefikSnapshotBuilder(SeriesKeyPool keyPool) {
        this(keyPool, ParseLimits.DEFAULT.maxTargets());
    }

    @Override
    public boolean wants(String metricName) {
        return FAMILIES.containsKey(metricName);
    }

    @Override
    public void accept(String metricName, LabelView labels, double value) throws ExpositionException {
        Family family = FAMILIES.get(metricName);
        switch (family) {
            case SERVICE_REQUESTS -> requests(backend(labels), labels, value, metricName);
            case SERVICE_BUCKET -> bucket(backend(labels), labels, value, metricName);
            case SERVICE_SUM -> histogram(backend(labels), labels).sum(nonNegative(value, metricName), metricName, labels);
            case SERVICE_COUNT -> histogram(backend(labels), labels).count(nonNegative(value, metricName), metricName, labels);
            case SERVICE_OPEN -> {
                sawV2 = true;
                backend(labels).addOpen(nonNegative(value, metricName));
            }
            case SERVICE_RETRIES -> backend(labels).addRetries(nonNegative(value, metricName));
            case SERVICE_UP -> backend(labels).serverUp(value);
            case ROUTER_REQUESTS -> requests(route(labels), labels, value, metricName);
            case ROUTER_BUCKET -> bucket(route(labels), labels, value, metricName);
            case ROUTER_SUM -> histogram(route(labels), labels).sum(nonNegative(value, metricName), metricName, labels);
            case ROUTER_COUNT -> histogram(route(labels), labels).count(nonNegative(value, metricName), metricName, labels);
            case ROUTER_OPEN -> {
                sawV2 = true;
                route(labels).addOpen(nonNegative(value, metricName));
            }
            case V2_MARKER -> sawV2 = true;
            case V3_MARKER -> sawV3 = true;
            case PROCESS_START -> {
                if (!Double.isNaN(processStartSeconds)) {
                    throw inconsistent("duplicate series " + metricName);
                }
                processStartSeconds = nonNegative(value, metricName);
            }
        }
    }

    /** The snapshot of everything accepted so far. */
    public TraefikSnapshot build(long atMillis) throws ExpositionException {
        TraefikGeneration generation = sawV2 ? TraefikGeneration.V2
                : sawV3 ? TraefikGeneration.V3 : TraefikGeneration.UNKNOWN;
        return new TraefikSnapshot(atMillis, finish(backends), finish(routes), generation, processStartSeconds);
    }

    private Map<String, TargetSample> finish(Map<String, TargetBuilder> builders) throws ExpositionException {
        Map<String, TargetSample> out = new LinkedHashMap<>(Math.max(16, builders.size() * 2));
        for (TargetBuilder b : builders.values()) {
            out.put(b.name, b.build());
        }
        return out;
    }

    // ---- per family --------------------------------------------------------------------------------

    private void requests(TargetBuilder target, LabelView labels, double value, String metric)
            throws ExpositionException {
        SeriesKey key = seriesKey(labels, false);
        if (target.requests.put(key, nonNegative(value, metric)) != null) {
            throw inconsistent("duplicate series " + metric + labels);
        }
    }

    private void bucket(TargetBuilder target, LabelView labels, double value, String metric)
            throws ExpositionException {
        String le = labels.get("le");
        if (le == null) {
            throw inconsistent(metric + " without an 'le' label");
        }
        // A body has a dozen distinct bounds and a bucket line per bound per series: each is read once.
        Double known = boundsRead.get(le);
        double bound;
        if (known != null) {
            bound = known;
        } else {
            try {
                bound = "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
            } catch (NumberFormatException e) {
                throw inconsistent(metric + " has an invalid le=\"" + le + "\"");
            }
            if (boundsRead.size() < BOUNDS_REMEMBERED) {
                boundsRead.put(le, bound);
            }
        }
        if (Double.isNaN(bound)) {
            throw inconsistent(metric + " has le=\"NaN\"");
        }
        histogram(target, labels).add(bound, nonNegative(value, metric));
    }

    private HistogramBuilder histogram(TargetBuilder target, LabelView labels) {
        // get, then put: called for every bucket line, and computeIfAbsent's capturing lambda is an object each time.
        SeriesKey key = seriesKey(labels, true);
        HistogramBuilder h = target.latency.get(key);
        if (h == null) {
            h = new HistogramBuilder(keyPool.description(key, keyText));
            target.latency.put(key, h);
        }
        return h;
    }

    private TargetBuilder backend(LabelView labels) throws ExpositionException {
        String service = labels.get("service");
        if (service == null || service.isEmpty()) {
            throw inconsistent("traefik_service_* sample without a 'service' label");
        }
        TargetBuilder known = backends.get(service);
        return known != null ? known : newTarget(backends, service, null);
    }

    private TargetBuilder route(LabelView labels) throws ExpositionException {
        String router = labels.get("router");
        if (router == null || router.isEmpty()) {
            throw inconsistent("traefik_router_* sample without a 'router' label");
        }
        TargetBuilder known = routes.get(router);
        return known != null ? known : newTarget(routes, router, labels.get("service"));
    }

    /** Every target costs heap in this builder and in the windows after it: their number is capped. */
    private TargetBuilder newTarget(Map<String, TargetBuilder> into, String name, String service) throws ExpositionException {
        if (backends.size() + routes.size() >= maxTargets) {
            throw new ExpositionException(RejectReason.TOO_MANY_TARGETS, 0,
                    "more than max-targets=" + maxTargets + " distinct Traefik services and routers");
        }
        TargetBuilder b = new TargetBuilder(name, service);
        into.put(name, b);
        return b;
    }

    /**
     * All labels except the target's name(s) and {@code le}, in exposition order. A histogram's bucket, sum
     * and count lines share one key, and the parser hands out the same String instances for repeated values,
     * so the previous line's key is reused when every kept value is the very same instance.
     */
    private SeriesKey seriesKey(LabelView labels, boolean histogram) {
        if (lastKey != null && sameKeptValues(labels, histogram)) {
            return lastKey;
        }
        lastKeyValues.clear();
        for (int i = 0; i < labels.size(); i++) {
            if (!excluded(labels.name(i), histogram)) {
                lastKeyValues.add(labels.name(i));
                lastKeyValues.add(labels.value(i));
            }
        }
        lastKey = buildKey(labels, histogram);
        return lastKey;
    }

    private boolean sameKeptValues(LabelView labels, boolean histogram) {
        int j = 0;
        for (int i = 0; i < labels.size(); i++) {
            if (excluded(labels.name(i), histogram)) {
                continue;
            }
            if (j + 1 >= lastKeyValues.size() || lastKeyValues.get(j) != labels.name(i)
                    || lastKeyValues.get(j + 1) != labels.value(i)) {
                return false;
            }
            j += 2;
        }
        return j == lastKeyValues.size();
    }

    private static boolean excluded(String name, boolean histogram) {
        return name.equals("service") || name.equals("router") || (histogram && name.equals("le"));
    }

    private SeriesKey buildKey(LabelView labels, boolean histogram) {
        keyText.setLength(0);
        String code = null;
        for (int i = 0; i < labels.size(); i++) {
            String name = labels.name(i);
            if (excluded(name, histogram)) {
                continue;
            }
            if (name.equals("code")) {
                code = labels.value(i);
            }
            if (keyText.length() > 0) {
                keyText.append(',');
            }
            keyText.append(name).append("=\"").append(labels.value(i)).append('"');
        }
        boolean serverError = code != null && code.length() == 3 && code.charAt(0) == '5';
        return keyPool.key(keyText, serverError);
    }

    /**
     * Past 2^53 a float64 counter can no longer count by one, so no real Traefik writes more; a larger value
     * would only overflow the window's sums (1e39 is beyond a float's range).
     */
    static final double MAX_VALUE = 0x1p53;

    private static double nonNegative(double value, String metric) throws ExpositionException {
        if (!(value >= 0) || value > MAX_VALUE) {
            throw inconsistent(metric + " has value " + value + "; expected a non-negative number of at most 2^53");
        }
        return value;
    }

    private static ExpositionException inconsistent(String message) {
        return new ExpositionException(RejectReason.INCONSISTENT, 0, message);
    }

    /** Identical bucket layouts share one array: 5,000 services usually have one layout between them. */
    private double[] share(double[] bounds) {
        return sharedBounds.computeIfAbsent(new BoundsKey(bounds), k -> bounds);
    }

    private record BoundsKey(double[] bounds) {
        @Override
        public boolean equals(Object o) {
            return o instanceof BoundsKey other && Arrays.equals(bounds, other.bounds);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bounds);
        }
    }

    // ---- builders ----------------------------------------------------------------------------------

    private final class TargetBuilder {
        final String name;
        final String service;
        final Map<SeriesKey, Double> requests = new HashMap<>(8);
        final Map<SeriesKey, HistogramBuilder> latency = new HashMap<>(8);
        double open = Double.NaN;
        double retries = Double.NaN;
        int serversUp;
        int serversReported;

        TargetBuilder(String name, String service) {
            this.name = name;
            this.service = service;
        }

        void addOpen(double v) {
            open = Double.isNaN(open) ? v : open + v;
        }

        void addRetries(double v) {
            retries = Double.isNaN(retries) ? v : retries + v;
        }

        void serverUp(double v) {
            serversReported++;
            if (v == 1) {
                serversUp++;
            }
        }

        TargetSample build() throws ExpositionException {
            Map<SeriesKey, HistogramSample> histograms = new HashMap<>(latency.size() * 2);
            for (Map.Entry<SeriesKey, HistogramBuilder> e : latency.entrySet()) {
                histograms.put(e.getKey(), e.getValue().build(name, e.getKey()));
            }
            // The builder's own maps, not copies (nor views, whose iteration wraps every entry): the builder is
            // dropped once built, so the sample is their only holder.
            return new TargetSample(name, service, requests, histograms, open, retries, serversUp, serversReported);
        }
    }

    private final class HistogramBuilder {
        final String labels;
        // A body's histograms share one bucket layout: while this one's bounds follow the layout of the last
        // histogram built, that shared array is all it needs; it makes an array of its own only where it differs.
        final double[] layout = lastLayout;
        double[] bounds;
        // Sized as the previous series was, so it is built to size and handed over as it is, not grown and copied.
        double[] counts = new double[layout != null ? layout.length : bucketsHint];
        int n;
        double sum = Double.NaN;
        double count = Double.NaN;

        HistogramBuilder(String labels) {
            this.labels = labels;
        }

        /** One {@code _sum} line per series: a second would silently replace the first. */
        void sum(double value, String metric, LabelView labels) throws ExpositionException {
            if (!Double.isNaN(sum)) {
                throw inconsistent("duplicate series " + metric + labels);
            }
            sum = value;
        }

        void count(double value, String metric, LabelView labels) throws ExpositionException {
            if (!Double.isNaN(count)) {
                throw inconsistent("duplicate series " + metric + labels);
            }
            count = value;
        }

        void add(double bound, double cumulative) {
            if (bounds == null) {
                if (layout != null && n < layout.length && layout[n] == bound) {
                    counts[n++] = cumulative;
                    if (bound == Double.POSITIVE_INFINITY) {
                        bucketsHint = n;
                    }
                    return;
                }
                // Differs from the layout (or there is none yet): its own bounds from here on.
                bounds = new double[Math.max(counts.length, n + 1)];
                if (n > 0) {
                    System.arraycopy(layout, 0, bounds, 0, n);
                }
            }
            if (n == bounds.length) {
                bounds = Arrays.copyOf(bounds, n * 2);
            }
            if (n == counts.length) {
                counts = Arrays.copyOf(counts, bounds.length);
            }
            // Insertion keeps ascending order; Traefik already writes buckets sorted, so this is one compare.
            int i = n++;
            while (i > 0 && bounds[i - 1] > bound) {
                bounds[i] = bounds[i - 1];
                counts[i] = counts[i - 1];
                i--;
            }
            bounds[i] = bound;
            counts[i] = cumulative;
            if (bound == Double.POSITIVE_INFINITY) {
                bucketsHint = n;
                // Its layout, for the histograms that follow (a copy: this array may still change).
                lastLayout = share(Arrays.copyOf(bounds, n));
            }
        }

        HistogramSample build(String target, SeriesKey key) throws ExpositionException {
            double[] b = bounds != null ? bounds : layout;
            if (n == 0 || b[n - 1] != Double.POSITIVE_INFINITY) {
                throw inconsistent("latency histogram of " + target + " {" + labels + "} has no le=\"+Inf\" bucket");
            }
            for (int i = 1; i < n; i++) {
                if (b[i] == b[i - 1]) {
                    throw inconsistent("latency histogram of " + target + " repeats le=\"" + b[i] + "\"");
                }
                if (counts[i] < counts[i - 1]) {
                    throw inconsistent("latency histogram of " + target + " {" + labels + "} is not cumulative: le=\""
                            + b[i] + "\" holds fewer than le=\"" + b[i - 1] + "\"");
                }
            }
            // Prometheus' histogram rule: _count is the +Inf bucket. Anything else is a body that contradicts itself.
            if (!Double.isNaN(count) && count != counts[n - 1]) {
                throw inconsistent("latency histogram of " + target + " {" + labels + "} has _count " + count
                        + " but its le=\"+Inf\" bucket is " + counts[n - 1]);
            }
            double total = counts[n - 1];
            double[] shared = bounds == null && n == layout.length ? layout
                    : share(n == b.length ? b : Arrays.copyOf(b, n));
            return new HistogramSample(shared, n == counts.length ? counts : Arrays.copyOf(counts, n), sum, total);
        }
    }
}
