package io.routescale.charts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chart grants exactly the RBAC table of docs/autoscaler.md, and never a wildcard or Secrets, whatever the values. */
class RbacTest {
    @TempDir
    Path tmp;

    @Test
    void grantsExactlyTheDocumentedMinimum() throws IOException {
        Path values = tmp.resolve("values.yaml");
        Files.writeString(values, "traefik: {namespace: traefik, releaseName: traefik}\n");
        Rendered r = HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale", values);
        assertEquals(documented(), granted(r, "routescale", "traefik"));
    }

    @Test
    void noWildcardsNoSecretsNoWritesBeyondScaleHpasEventsAndLeasesInAnyValuesSet() throws IOException {
        for (Path values : ChartValues.routescaleSets()) {
            Rendered r = HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale", values);
            for (String rule : granted(r, "routescale", "")) {
                String[] f = rule.split("\\|");
                String resource = f[2];
                String verb = f[3];
                assertFalse(rule.contains("*"), values + ": wildcard in " + rule);
                assertFalse(resource.equals("secrets"), values + ": Secrets access " + rule);
                if (!List.of("get", "list", "watch").contains(verb)) {
                    assertTrue(resource.endsWith("/scale") || resource.equals("horizontalpodautoscalers")
                            || resource.equals("events") || resource.equals("leases"), values + ": writes " + rule);
                }
            }
        }
    }

    @Test
    void optionalRulesFollowTheirValues() throws IOException {
        Rendered minimal = HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale",
                Repo.ROUTESCALE_CHART.resolve("ci/minimal-values.yaml"));
        TreeSet<String> rules = granted(minimal, "routescale", "routescale");
        assertFalse(rules.stream().anyMatch(s -> s.contains("horizontalpodautoscalers")), "HPA access off");
        assertFalse(rules.stream().anyMatch(s -> s.contains("leases")), "no Lease without leader election");
        Rendered viaPrometheus = HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale",
                Repo.ROUTESCALE_CHART.resolve("ci/prometheus-source-values.yaml"));
        assertFalse(granted(viaPrometheus, "routescale", "ingress").stream().anyMatch(s -> s.startsWith("Traefik namespace|")),
                "no pod discovery in Traefik's namespace when signals come from Prometheus");
    }

    /** Rules as "scope|group|resource|verb|named": one entry per verb and resource. */
    static TreeSet<String> granted(Rendered r, String releaseNamespace, String traefikNamespace) {
        TreeSet<String> out = new TreeSet<>();
        for (Map<String, Object> role : r.objects) {
            String kind = String.valueOf(role.get("kind"));
            if (!kind.equals("ClusterRole") && !kind.equals("Role")) {
                continue;
            }
            String ns = String.valueOf(Yaml.at(role, "metadata", "namespace"));
            String scope = kind.equals("ClusterRole") ? "cluster"
                    : ns.equals(releaseNamespace) ? "release namespace"
                    : ns.equals(traefikNamespace) ? "Traefik namespace" : "namespace " + ns;
            for (Object ruleObject : Yaml.list(role.get("rules"))) {
                Map<String, Object> rule = Yaml.map(ruleObject);
                String named = Yaml.list(rule.get("resourceNames")).isEmpty() ? "no" : "yes";
                for (Object group : Yaml.list(rule.get("apiGroups"))) {
                    for (Object resource : Yaml.list(rule.get("resources"))) {
                        for (Object verb : Yaml.list(rule.get("verbs"))) {
                            out.add(scope + "|" + group + "|" + resource + "|" + verb + "|" + named);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The table "RBAC (the minimum it uses)" of docs/autoscaler.md, in the same shape. */
    static TreeSet<String> documented() throws IOException {
        List<String> lines = Files.readAllLines(Repo.ROOT.resolve("docs/autoscaler.md"));
        int start = lines.indexOf("### RBAC (the minimum it uses)");
        assertTrue(start >= 0, "docs/autoscaler.md has the RBAC section");
        TreeSet<String> out = new TreeSet<>();
        List<String> rows = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
            if (lines.get(i).startsWith("| ") && !lines.get(i).startsWith("| scope")) {
                rows.add(lines.get(i));
            }
        }
        for (String row : rows) {
            String[] cells = row.split("\\|");
            String scope = cells[1].trim();
            String group = cells[2].trim().replace("`", "").replace("\"\"", "");
            String resource = cells[3].trim().replace("`", "");
            String named = cells[5].trim();
            for (String verb : cells[4].split(",")) {
                out.add(scope + "|" + group + "|" + resource + "|" + verb.trim() + "|" + named);
            }
        }
        assertFalse(out.isEmpty(), "docs/autoscaler.md RBAC table parsed");
        return out;
    }
}
