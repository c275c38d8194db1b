package io.routescale.autoscaler.replay;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained SVG of a replay: offered load and each policy's replicas over time (top), each policy's
 * modelled p99 against the SLO (middle, log scale), and the baselines' frontiers with routescale's point on them
 * (bottom). No script, no external resource: it opens anywhere.
 */
public final class SvgPlot {
    private static final int W = 1000;
    private static final int PANEL = 220;
    private static final int LEFT = 60;
    private static final int RIGHT = 60;
    private static final Map<String, String> COLOURS = Map.of("routescale", "#d62728", "hpa", "#1f77b4",
            "kpa", "#2ca02c", "oracle", "#9467bd");
    /** Drawn in this order, so routescale's line is on top. */
    private static final List<String> ORDER = List.of("oracle", "kpa", "hpa", "routescale");

    private SvgPlot() {
    }

    public static String render(Report r) {
        StringBuilder svg = new StringBuilder();
        int h = 3 * PANEL + 185;
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", W, h));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\">%s — offered load (light grey, left axis, rps) and replicas (right axis)</text>%n",
                LEFT, escape(r.trace())));
        double maxLoad = max(r.load());
        int maxReplicas = r.policies().values().stream().mapToInt(p -> maxInt(p.replicas())).max().orElse(1);
        int top = 30;
        svg.append(axes(top, "rps", maxLoad, "replicas", maxReplicas));
        svg.append(polyline(r.load(), maxLoad, top, "#cccccc", 2));
        for (String name : ORDER) {
            if (r.policies().containsKey(name)) {
                svg.append(polyline(toDouble(r.policies().get(name).replicas()), maxReplicas, top, COLOURS.get(name), 1.5));
            }
        }
        int bottom = top + PANEL + 50;
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"14\">modelled p99 (log scale, 1 ms to 60 s); dashed: SLO %s s</text>%n",
                LEFT, bottom - 8, num(r.model().sloSeconds())));
        svg.append(axes(bottom, "p99 s", 60, "", 0));
        double sloY = bottom + PANEL - logFraction(r.model().sloSeconds()) * PANEL;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"black\" stroke-dasharray=\"4 3\"/>%n",
                LEFT, sloY, W - RIGHT, sloY));
        for (String name : ORDER) {
            if (r.policies().containsKey(name)) {
                svg.append(logPolyline(r.policies().get(name).p99Seconds(), bottom, COLOURS.get(name)));
            }
        }
        svg.append(frontier(r, bottom + PANEL + 60));
        int legendY = h - 14;
        int x = LEFT;
        for (String name : List.of("routescale", "hpa", "kpa", "oracle")) {
            if (r.policies().containsKey(name)) {
                svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"4\" fill=\"%s\"/>"
                        + "<text x=\"%d\" y=\"%d\">%s</text>%n", x, legendY - 4, COLOURS.get(name), x + 18, legendY, name));
                x += 120;
            }
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">time: %d s</text>%n", W - RIGHT - 90, legendY, r.seconds()));
        return svg.append("</svg>\n").toString();
    }

    /**
     * The third panel: SLO-violation seconds against pod-seconds for the HPA and the KPA at every target of the
     * sweep (a line through their points, the lowest target on the right), routescale's one point, and the
     * oracle's pod-seconds (a vertical line: nothing with no violation can be left of it). Both axes are
     * logarithmic (violations as 1 + seconds), so a 30% target far to the right does not squeeze the rest.
     */
    private static String frontier(Report r, int top) {
        Baselines b = r.baselines();
        PolicyResult rs = r.policies().get("routescale");
        double oracle = r.policies().get("oracle").podSeconds();
        double minPods = Math.min(oracle, rs.podSeconds());
        double maxPods = rs.podSeconds();
        long maxViolations = Math.max(10, rs.sloViolationSeconds());
        for (List<FrontierPoint> line : List.of(b.hpa(), b.kpa())) {
            for (FrontierPoint p : line) {
                minPods = Math.min(minPods, p.podSeconds());
                maxPods = Math.max(maxPods, p.podSeconds());
                maxViolations = Math.max(maxViolations, p.sloViolationSeconds());
            }
        }
        double lo = Math.log10(Math.max(1, minPods * 0.95));
        double hi = Math.log10(Math.max(10, maxPods * 1.05));
        double vMax = Math.log10(1 + maxViolations);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-size=\"14\">frontier: SLO-violation s (log) against pod-seconds (log); a point per swept target; dashed: oracle</text>%n",
                LEFT, top - 8));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>%n",
                LEFT, top, W - LEFT - RIGHT, PANEL));
        s.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\">%d</text><text x=\"4\" y=\"%d\">0</text>%n",
                top + 12, maxViolations, top + PANEL));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s pod-s</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s pod-s</text>%n",
                LEFT, top + PANEL + 14, num(Math.pow(10, lo)), W - RIGHT, top + PANEL + 14, num(Math.pow(10, hi))));
        double ox = frontierX(oracle, lo, hi);
        s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-dasharray=\"4 3\"/>%n",
                ox, top, ox, top + PANEL, COLOURS.get("oracle")));
        for (String name : List.of("kpa", "hpa")) {
            List<FrontierPoint> line = name.equals("hpa") ? b.hpa() : b.kpa();
            StringBuilder points = new StringBuilder();
            StringBuilder dots = new StringBuilder();
            for (FrontierPoint p : line) {
                double x = frontierX(p.podSeconds(), lo, hi);
                double y = frontierY(p.sloViolationSeconds(), vMax, top);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s at %s rps/replica: %d violation s, %s pod-s</title></circle>%n",
                        x, y, COLOURS.get(name), name, num(p.target()), p.sloViolationSeconds(), num(p.podSeconds())));
            }
            s.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.2\" points=\"%s\"/>%n",
                    COLOURS.get(name), points.toString().trim()));
            s.append(dots);
        }
        s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"%s\"><title>routescale: %d violation s, %s pod-s</title></circle>%n",
                frontierX(rs.podSeconds(), lo, hi), frontierY(rs.sloViolationSeconds(), vMax, top), COLOURS.get("routescale"),
                rs.sloViolationSeconds(), num(rs.podSeconds())));
        return s.toString();
    }

    private static double frontierX(double pods, double lo, double hi) {
        return LEFT + (Math.log10(Math.max(1, pods)) - lo) / (hi - lo) * (W - LEFT - RIGHT);
    }

    private static double frontierY(long violations, double vMax, int top) {
        return top + PANEL - Math.log10(1 + violations) / vMax * PANEL;
    }

    private static String axes(int top, String leftLabel, double leftMax, String rightLabel, int rightMax) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>%n", LEFT, top, W - LEFT - RIGHT, PANEL));
        s.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\">%s</text><text x=\"4\" y=\"%d\">%s</text>%n",
                top + 12, num(leftMax), top + PANEL / 2, leftLabel));
        if (rightMax > 0) {
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%d</text><text x=\"%d\" y=\"%d\">%s</text>%n",
                    W - RIGHT + 4, top + 12, rightMax, W - RIGHT + 4, top + PANEL / 2, rightLabel));
        }
        return s.toString();
    }

    private static String polyline(double[] v, double max, int top, String colour, double width) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%s\" points=\"", colour, width));
        for (int i = 0; i < v.length; i += step(v.length)) {
            double y = top + PANEL - (max <= 0 ? 0 : v[i] / max) * PANEL;
            s.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(i, v.length), y));
        }
        return s.append("\"/>\n").toString();
    }

    private static String logPolyline(double[] v, int top, String colour) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.2\" points=\"", colour));
        for (int i = 0; i < v.length; i += step(v.length)) {
            s.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(i, v.length), top + PANEL - logFraction(v[i]) * PANEL));
        }
        return s.append("\"/>\n").toString();
    }

    /** Position of a latency between 1 ms and 60 s on a log axis, 0 to 1. */
    private static double logFraction(double seconds) {
        double clamped = Math.max(1e-3, Math.min(60, seconds));
        return (Math.log10(clamped) + 3) / (Math.log10(60) + 3);
    }

    private static int step(int n) {
        return Math.max(1, n / 1500);
    }

    private static double x(int i, int n) {
        return LEFT + (double) i / Math.max(1, n - 1) * (W - LEFT - RIGHT);
    }

    private static double max(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static int maxInt(int[] v) {
        int m = 1;
        for (int x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static double[] toDouble(int[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static String num(double v) {
        return v >= 10 || v == Math.rint(v) ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
