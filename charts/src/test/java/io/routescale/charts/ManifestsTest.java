package io.routescale.charts;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/manifests/ are the chart rendered for users without Helm; this test renders them again and fails when
 * the committed files differ. With -Droutescale.writeManifests=true it writes them instead.
 */
class ManifestsTest {
    private static final String NAMESPACE = "routescale";
    private static final String HEADER = """
            # Generated from charts/%s by charts/src/test/java/io/routescale/charts/ManifestsTest.java with
            # deploy/manifests/values.yaml. Do not edit: change the chart or the values, then run
            #   ./mvnw -B -ntp -pl charts -am test -Dtest=ManifestsTest -Dsurefire.failIfNoSpecifiedTests=false -Droutescale.writeManifests=true
            """;

    @Test
    void manifestsAreTheChartRenderedWithTheirValues() throws IOException {
        Rendered r = HelmCharts.template(Repo.ROUTESCALE_CHART, "routescale", NAMESPACE,
                Repo.DEPLOY.resolve("manifests/values.yaml"));
        List<Object> core = new ArrayList<>();
        List<Object> monitoring = new ArrayList<>();
        core.add(namespace());
        for (Map<String, Object> o : r.objects) {
            if (r.isHelmHook(o)) {
                continue;
            }
            boolean dashboard = "ConfigMap".equals(o.get("kind")) && Yaml.at(o, "metadata", "labels", "grafana_dashboard") != null;
            if ("monitoring.coreos.com/v1".equals(o.get("apiVersion")) || dashboard) {
                monitoring.add(o);
            } else {
                core.add(o);
            }
        }
        assertTrue(core.size() > 8 && monitoring.size() >= 5, core.size() + " core, " + monitoring.size() + " monitoring objects");

        Map<String, Object> sidecar = StackChartTest.sidecar(Yaml.load(Repo.STACK_CHART.resolve("values.yaml")));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("routescale.yaml", HEADER.formatted("routescale")
                + "# kubectl apply -f routescale.yaml: the autoscaler, its policy, RBAC and Service.\n" + documents(core));
        expected.put("routescale-monitoring.yaml", HEADER.formatted("routescale")
                + "# Needs the Prometheus Operator CRDs: PodMonitor, ServiceMonitor, PrometheusRule, Grafana dashboards.\n"
                + documents(monitoring));
        expected.put("exporter-sidecar.yaml", HEADER.formatted("routescale-stack (values.yaml)")
                + "# The exporter container to add to Traefik's pod (spec.template.spec.containers), next to Traefik,\n"
                + "# whose metrics must be on port 9100 and whose pod must have an emptyDir volume named tmp.\n"
                + Yaml.dump(sidecar));

        boolean write = Boolean.getBoolean("routescale.writeManifests");
        for (Map.Entry<String, String> file : expected.entrySet()) {
            Path path = Repo.DEPLOY.resolve("manifests").resolve(file.getKey());
            if (write) {
                Files.writeString(path, file.getValue());
            } else {
                assertTrue(Files.exists(path), path + " is missing; regenerate (see deploy/manifests/values.yaml)");
                assertEquals(file.getValue(), Files.readString(path),
                        path + " is out of date with the chart; regenerate (see deploy/manifests/values.yaml)");
            }
        }
    }

    /** The namespace, enforcing the Pod Security Standard its pods are written for. */
    private static Map<String, Object> namespace() {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("pod-security.kubernetes.io/enforce", "restricted");
        labels.put("pod-security.kubernetes.io/enforce-version", "latest");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", NAMESPACE);
        metadata.put("labels", labels);
        Map<String, Object> namespace = new LinkedHashMap<>(); // ordered: the file must come out the same each run
        namespace.put("apiVersion", "v1");
        namespace.put("kind", "Namespace");
        namespace.put("metadata", metadata);
        return namespace;
    }

    private static String documents(List<Object> objects) {
        StringBuilder out = new StringBuilder();
        for (Object o : objects) {
            out.append("---\n").append(Yaml.dump(o));
        }
        return out.toString();
    }
}
