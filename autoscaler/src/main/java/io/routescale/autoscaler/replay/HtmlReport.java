package io.routescale.autoscaler.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code report.html}: one self-contained page per replay, readable offline. The numbers are a plain table (no
 * script needed); the charts (load, replicas, modelled p99 against the SLO, the frontiers) are drawn by
 * uPlot, inlined from its WebJar with the page's own script, from {@code report.json} embedded in the page.
 * Nothing is fetched: no CDN, no font, no image.
 */
public final class HtmlReport {
    static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final String UPLOT_CSS = UPLOT + "uPlot.min.css";
    private static final String UPLOT_JS = UPLOT + "uPlot.iife.min.js";
    private static final String PAGE_JS = "io/routescale/autoscaler/replay/report-page.js";
    /** Every classpath resource the page is made of (a native image must include each). */
    public static final List<String> RESOURCES = List.of(UPLOT_CSS, UPLOT_JS, PAGE_JS);

    private HtmlReport() {
    }

    /** @param json the report as report.json holds it, embedded in the page for its charts */
    public static String render(Report r, String json) {
        StringBuilder html = new StringBuilder(json.length() + 80_000);
        html.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>routescale replay: ").append(escape(r.trace())).append("</title>\n<style>\n")
                .append(resource(UPLOT_CSS))
                .append("\nbody{font-family:system-ui,sans-serif;margin:24px;color:#222}"
                        + "table{border-collapse:collapse;margin:8px 0 16px}td,th{padding:3px 10px;text-align:right;"
                        + "border-bottom:1px solid #ddd}th:first-child,td:first-child{text-align:left}"
                        + ".chart{margin:18px 0}p.note{color:#555;max-width:70em}\n</style>\n</head>\n<body>\n");
        html.append("<h1>routescale replay: ").append(escape(r.trace())).append("</h1>\n");
        ClusterModel m = r.model();
        html.append(String.format(Locale.ROOT, "<p>%d targets, %.0f minutes; model: %.1f rps per replica, %d worker(s) per pod, "
                        + "p99 SLO %s s, pod start-up %d s%s. Policy: %s; baselines' targets from: %s.</p>%n",
                r.targets(), r.seconds() / 60.0, m.capacityRps(), m.workers(), num(m.sloSeconds()), m.startupSeconds(),
                m.nodes() == null ? "" : String.format(Locale.ROOT, ", at most %d nodes of %d pods (node start-up %d s)",
                        m.nodes().maxNodes(), m.nodes().podsPerNode(), m.nodes().startupSeconds()),
                escape(r.policy()), escape(r.baselinePolicy())));
        table(html, r);
        verdict(html, "HPA", r.baselines().hpaVerdict());
        verdict(html, "KPA", r.baselines().kpaVerdict());
        for (String id : List.of("load-chart", "replicas-chart", "p99-chart", "frontier-chart")) {
            html.append("<div class=\"chart\" id=\"").append(id).append("\"></div>\n");
        }
        html.append("<p class=\"note\">SLO-violation seconds: seconds in which the modelled p99 of a target's requests "
                + "exceeds the SLO, or its load exceeds its capacity. The oracle knows the future and starts nothing "
                + "late: a lower bound on pod-seconds, not a policy. Data: report.json beside this page.</p>\n");
        html.append("<script>\n").append(resource(UPLOT_JS)).append("\n</script>\n");
        // In a script element only "</" can end it early; "<" is always a string character in JSON.
        html.append("<script type=\"application/json\" id=\"report-data\">")
                .append(json.replace("<", "\\u003c")).append("</script>\n");
        html.append("<script>\n").append(resource(PAGE_JS)).append("</script>\n");
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static void table(StringBuilder html, Report r) {
        PolicyResult oracle = r.policies().get("oracle");
        html.append("<table id=\"results\">\n<tr><th>policy</th><th>SLO-violation s</th><th>pod-seconds</th>"
                + "<th>× oracle</th><th>scale actions</th><th>direction changes</th></tr>\n");
        for (String name : List.of("routescale", "hpa", "kpa", "oracle")) {
            PolicyResult p = r.policies().get(name);
            if (p == null) {
                continue;
            }
            html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%,.0f</td><td>%s</td><td>%d</td><td>%d</td></tr>%n",
                    name, p.sloViolationSeconds(), p.podSeconds(),
                    oracle == null || oracle.podSeconds() <= 0 ? "" : String.format(Locale.ROOT, "%.2f", p.podSeconds() / oracle.podSeconds()),
                    p.scaleActions(), p.directionChanges()));
        }
        html.append("</table>\n");
    }

    private static void verdict(StringBuilder html, String baseline, FrontierVerdict v) {
        if (v == null) {
            return;
        }
        String against = v.dominates() ? "<strong>dominates</strong> it"
                : "is beaten at " + v.beatenBy().stream().map(t -> String.format(Locale.ROOT, "%.2f", t)).collect(Collectors.joining(", "))
                + " rps per replica";
        html.append(String.format(Locale.ROOT, "<p>Against the %s's frontier routescale %s. The %s's best setting (%.2f rps per "
                        + "replica): %d violation s at %,.0f pod-seconds.</p>%n",
                baseline, against, baseline, v.bestTarget(), v.bestViolationSeconds(), v.bestPodSeconds()));
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("report.html: " + name + " is not on the classpath (the build packs it)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
