package io.routescale.charts;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels the Traefik Helm chart (traefik/traefik-helm-chart, v17 and later, read at its v37 line) puts on
 * its pods: {@code _podtemplate.tpl} renders {@code traefik.labels}, which is {@code traefik.labelselector}
 * (app.kubernetes.io/name = nameOverride or "traefik"; app.kubernetes.io/instance = instanceLabelOverride or
 * "<release>-<namespace>", truncated to 63) plus helm.sh/chart and app.kubernetes.io/managed-by, then
 * {@code deployment.podLabels}. The chart itself cannot be downloaded here, so its helper is restated.
 */
final class TraefikChartLabels {
    private TraefikChartLabels() {
    }

    static Map<String, String> podLabels(String release, String namespace, String chartVersion) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "traefik");
        String instance = release + "-" + namespace;
        labels.put("app.kubernetes.io/instance", instance.length() > 63 ? instance.substring(0, 63) : instance);
        labels.put("helm.sh/chart", "traefik-" + chartVersion);
        labels.put("app.kubernetes.io/managed-by", "Helm");
        return labels;
    }

    /** A Kubernetes equality-based selector ("a=b,c=d") as a map. */
    static Map<String, String> parseSelector(String selector) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : selector.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2 || kv[0].isBlank()) {
                throw new AssertionError("not an equality selector: " + selector);
            }
            out.put(kv[0].trim(), kv[1].trim());
        }
        return out;
    }

    /** matchLabels semantics: every selector label present with the same value. */
    static boolean matches(Map<?, ?> matchLabels, Map<?, ?> labels) {
        return !matchLabels.isEmpty() && matchLabels.entrySet().stream()
                .allMatch(e -> String.valueOf(e.getValue()).equals(String.valueOf(labels.get(e.getKey()))));
    }
}
