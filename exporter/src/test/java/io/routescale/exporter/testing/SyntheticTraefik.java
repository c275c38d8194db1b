package io.routescale.exporter.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Traefik whose counters grow at known rates, written in Traefik's own exposition format (families sorted,
 * labels sorted, {@code le} last, exponent form past one million: FORMAT.md of the fixtures). Time is a
 * parameter, so a test or benchmark decides when each "scrape" happens; {@link #restart(double)} zeroes every
 * counter and moves {@code process_start_time_seconds}, as a Traefik restart does.
 */
public final class SyntheticTraefik {
    public enum Generation { V2, V3 }

    /**
     * @param name          Traefik service name, e.g. {@code default-web-80@kubernetes}
     * @param rps           requests per second
     * @param errorRatio    share answered 503
     * @param clientClosed  share answered 499 (client went away: not an error)
     * @param inflight      v2 open-connections gauge value
     */
    public record Backend(String name, double rps, double errorRatio, double clientClosed, double inflight) {
    }

    /** Default Traefik buckets. */
    public static final double[] BOUNDS = {0.1, 0.3, 1.2, 5};
    /**
     * Cumulative share of requests at or below each bound: p50 = 0.1 s, p90 = 0.3 s and
     * p99 = 0.3 + 0.9 * (0.99 - 0.9) / 0.095 s by histogram_quantile's linear interpolation.
     */
    public static final double[] FRACTIONS = {0.5, 0.9, 0.995, 1.0};
    public static final double P99 = 0.3 + 0.9 * (0.99 - 0.9) / 0.095;
    /** Mean latency every request is given (sum = count * MEAN). */
    public static final double MEAN = 0.12;

    /** {@code process_start_time_seconds} of the first process; a restart at t adds t. */
    public static final double PROCESS_STARTED = 1.7e9;

    /**
     * What each backend's series look like: the bucket layout with the cumulative share of requests at or
     * below each bound, and the methods requests come with, each its share of the traffic. Errors and client
     * closes are the first method's.
     */
    public record Layout(double[] bounds, double[] fractions, List<String> methods, double[] methodShares) {
    }

    /** Traefik's default buckets, every request a GET. */
    public static final Layout DEFAULT_LAYOUT = new Layout(BOUNDS, FRACTIONS, List.of("GET"), new double[] {1});

    /**
     * The umbrella chart's Traefik settings (its 16 buckets from 5 ms to 10 s, charts/routescale-stack/values.yaml),
     * GET and POST: with routers and every 4th backend answering some 503s, 45 series per service and router.
     */
    public static final Layout UMBRELLA_LAYOUT = new Layout(
            new double[] {0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2.5, 5, 10},
            new double[] {0.02, 0.08, 0.25, 0.45, 0.6, 0.7, 0.8, 0.86, 0.92, 0.96, 0.98, 0.99, 0.995, 0.998, 0.9995, 1.0},
            List.of("GET", "POST"), new double[] {0.8, 0.2});

    private final List<Backend> backends;
    private final Generation generation;
    private final boolean routers;
    private final Layout layout;
    private double origin;
    private volatile double stepAt = Double.POSITIVE_INFINITY;
    private volatile double stepFactor = 1;

    public SyntheticTraefik(List<Backend> backends, Generation generation, boolean routers) {
        this(backends, generation, routers, DEFAULT_LAYOUT);
    }

    public SyntheticTraefik(List<Backend> backends, Generation generation, boolean routers, Layout layout) {
        this.backends = List.copyOf(backends);
        this.generation = generation;
        this.routers = routers;
        this.layout = layout;
    }

    /**
     * The fleet-scale body of issue 12: {@code n} services and their routers in the umbrella's layout, v3, every
     * 4th backend with 1% errors; at 5,000 services about 450,000 series.
     */
    public static SyntheticTraefik umbrellaShape(int n) {
        List<Backend> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(new Backend("ns" + (i % 50) + "-svc" + i + "-80@kubernetes", 1 + i, i % 4 == 0 ? 0.01 : 0, 0, 3));
        }
        return new SyntheticTraefik(list, Generation.V3, true, UMBRELLA_LAYOUT);
    }

    /** {@code n} backends {@code ns<i % 50>-svc<i>-80@kubernetes} with rates 1..n rps and 1% errors. */
    public static SyntheticTraefik ofSize(int n, Generation generation, boolean routers) {
        List<Backend> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(new Backend("ns" + (i % 50) + "-svc" + i + "-80@kubernetes", 1 + i, 0.01, 0.002, 3));
        }
        return new SyntheticTraefik(list, generation, routers);
    }

    public List<Backend> backends() {
        return backends;
    }

    /** From time {@code at} on, every backend serves {@code factor} times its rate (a load step). */
    public void step(double at, double factor) {
        stepFactor = factor;
        stepAt = at;
    }

    /** Requests served from the origin to {@code t}, per unit of base rate: time, stretched after the step. */
    private double effectiveSeconds(double t) {
        double elapsed = Math.max(0, t - origin);
        double after = Math.max(0, t - Math.max(stepAt, origin));
        return elapsed + (stepFactor - 1) * after;
    }

    /** Every counter restarts from zero at time {@code t}. */
    public void restart(double t) {
        origin = t;
    }

    /** The exposition Traefik would serve at time {@code t} seconds. */
    public String render(double t) {
        // About two codes per method, each bounds + 4 lines of about 110 bytes: near the size, never many times it.
        int perBackend = 2 * layout.methods().size() * (layout.bounds().length + 4) * 110;
        StringBuilder out = new StringBuilder(backends.size() * (routers ? 2 * perBackend : perBackend) + 1024);
        render(t, out);
        return out.toString();
    }

    public void render(double t, StringBuilder out) {
        double elapsed = effectiveSeconds(t);
        // As Go's process collector writes it: a restart shows as a new start time.
        out.append("# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.\n")
                .append("# TYPE process_start_time_seconds gauge\n")
                .append("process_start_time_seconds ").append(num(PROCESS_STARTED + origin)).append('\n');
        out.append("# HELP traefik_config_reloads_total Config reloads\n# TYPE traefik_config_reloads_total counter\n")
                .append("traefik_config_reloads_total 1\n");
        if (generation == Generation.V2) {
            out.append("# HELP traefik_entrypoint_open_connections How many open connections exist on an entrypoint, partitioned by method and protocol.\n")
                    .append("# TYPE traefik_entrypoint_open_connections gauge\n")
                    .append("traefik_entrypoint_open_connections{entrypoint=\"web\",method=\"GET\",protocol=\"http\"} 4\n");
        } else {
            out.append("# HELP traefik_open_connections How many open connections exist, by entryPoint and protocol\n")
                    .append("# TYPE traefik_open_connections gauge\n")
                    .append("traefik_open_connections{entrypoint=\"web\",protocol=\"TCP\"} 4\n");
        }
        if (routers) {
            family(out, "router", elapsed);
        }
        family(out, "service", elapsed);
    }

    private void family(StringBuilder out, String kind, double elapsed) {
        String prefix = "traefik_" + kind + "_";
        out.append("# HELP ").append(prefix).append("request_duration_seconds How long it took to process the request.\n")
                .append("# TYPE ").append(prefix).append("request_duration_seconds histogram\n");
        for (Backend b : backends) {
            for (String[] code : codes(b, elapsed)) {
                double count = Double.parseDouble(code[1]);
                String labels = labels(kind, b, code[0], code[2]);
                for (int i = 0; i < layout.bounds().length; i++) {
                    out.append(prefix).append("request_duration_seconds_bucket{").append(labels).append(",le=\"")
                            .append(le(layout.bounds()[i])).append("\"} ")
                            .append(num(Math.floor(count * layout.fractions()[i]))).append('\n');
                }
                out.append(prefix).append("request_duration_seconds_bucket{").append(labels).append(",le=\"+Inf\"} ")
                        .append(num(count)).append('\n');
                out.append(prefix).append("request_duration_seconds_sum{").append(labels).append("} ")
                        .append(num(count * MEAN)).append('\n');
                out.append(prefix).append("request_duration_seconds_count{").append(labels).append("} ")
                        .append(num(count)).append('\n');
            }
        }
        if (generation == Generation.V2) {
            out.append("# HELP ").append(prefix).append("open_connections How many open connections exist.\n")
                    .append("# TYPE ").append(prefix).append("open_connections gauge\n");
            for (Backend b : backends) {
                out.append(prefix).append("open_connections{method=\"GET\",protocol=\"http\",")
                        .append(targetLabels(kind, b)).append("} ").append(num(b.inflight())).append('\n');
            }
        }
        out.append("# HELP ").append(prefix).append("requests_total How many HTTP requests processed.\n")
                .append("# TYPE ").append(prefix).append("requests_total counter\n");
        for (Backend b : backends) {
            for (String[] code : codes(b, elapsed)) {
                out.append(prefix).append("requests_total{").append(labels(kind, b, code[0], code[2])).append("} ")
                        .append(num(Double.parseDouble(code[1]))).append('\n');
            }
        }
    }

    /**
     * {code, count, method} at {@code elapsed}: floor(rate * share * t) per method, as a real counter only ever
     * holds integers; the first method's requests include the client closes (499) and errors (503).
     */
    private List<String[]> codes(Backend b, double elapsed) {
        List<String[]> out = new ArrayList<>(3);
        for (int m = 0; m < layout.methods().size(); m++) {
            String method = layout.methods().get(m);
            double total = Math.floor(b.rps() * layout.methodShares()[m] * elapsed);
            double errors = m == 0 ? Math.floor(total * b.errorRatio()) : 0;
            double closed = m == 0 ? Math.floor(total * b.clientClosed()) : 0;
            out.add(new String[] {"200", Double.toString(total - errors - closed), method});
            if (b.clientClosed() > 0 && closed > 0) {
                out.add(new String[] {"499", Double.toString(closed), method});
            }
            if (b.errorRatio() > 0 && errors > 0) {
                out.add(new String[] {"503", Double.toString(errors), method});
            }
        }
        return out;
    }

    private static String labels(String kind, Backend b, String code, String method) {
        return "code=\"" + code + "\",method=\"" + method + "\",protocol=\"http\"," + targetLabels(kind, b);
    }

    private static String targetLabels(String kind, Backend b) {
        if (kind.equals("router")) {
            String router = "websecure-" + b.name().replace("@kubernetes", "") + "-example-com@kubernetes";
            return "router=\"" + router + "\",service=\"" + b.name() + "\"";
        }
        return "service=\"" + b.name() + "\"";
    }

    private static String le(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }

    /** Go's %g-like shortest form: integers below 1e6 plain, larger in exponent form as Traefik writes them. */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return Long.toString((long) v);
        }
        if (Math.abs(v) >= 1e6) {
            return String.format(Locale.ROOT, "%.8e", v).replaceAll("\\.?0+e", "e");
        }
        return Double.toString(v);
    }
}
