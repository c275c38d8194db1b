package io.routescale.charts;

import com.google.gson.Gson;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.kubernetes.client.openapi.models.V1Container;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * charts/routescale-stack: its own templates and values, with the local routescale chart. The Traefik and
 * kube-prometheus-stack charts cannot be downloaded here (see {@link HelmCharts#stackWithoutRemoteCharts}); what
 * this umbrella hands them is checked against the contracts restated in {@link TraefikChartLabels} and below.
 */
class StackChartTest {
    private static final String RELEASE = "rs";
    private static final String NAMESPACE = "edge";

    @TempDir
    static Path tmp;
    static Path stack;

    @BeforeAll
    static void prepare() throws IOException {
        stack = HelmCharts.stackWithoutRemoteCharts(tmp);
    }

    static Path valuesFile(String name) {
        return name.isEmpty() ? Repo.STACK_CHART.resolve("values.yaml") : Repo.STACK_CHART.resolve(name);
    }

    static Map<String, Object> values(String overrides) throws IOException {
        Map<String, Object> v = Yaml.load(Repo.STACK_CHART.resolve("values.yaml"));
        return overrides.isEmpty() ? v : Yaml.merge(v, Yaml.load(Repo.STACK_CHART.resolve(overrides)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "values-microk8s.yaml"})
    void lintsStrictly(String overrides) throws IOException {
        LintResult lint = overrides.isEmpty() ? HelmCharts.lintStrict(stack, tmp)
                : HelmCharts.lintStrict(stack, tmp, valuesFile(overrides));
        assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
    }

    @Test
    void theRealChartLintsWithOnlyItsRemoteDependenciesMissing() {
        LintResult lint = new Helm(Repo.STACK_CHART).lint().call();
        assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
        for (String message : lint.getMessages()) {
            if (message.contains("[WARNING]") || message.contains("[ERROR]")) {
                assertTrue(message.contains("dependencies") || message.contains("is missing"), message);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "values-microk8s.yaml"})
    void everyRenderedObjectMatchesItsSchemaAndEveryPodIsRestricted(String overrides) throws Exception {
        Rendered r = overrides.isEmpty() ? HelmCharts.template(stack, RELEASE, NAMESPACE)
                : HelmCharts.template(stack, RELEASE, NAMESPACE, valuesFile(overrides));
        assertFalse(r.objects.isEmpty());
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> operator = new ArrayList<>();
        for (Map<String, Object> o : r.objects) {
            if (CrdSchema.API_VERSIONS.contains(o.get("apiVersion"))) {
                operator.add(o);
            } else {
                KubernetesSchema.problem(o).ifPresent(p -> problems.add(Rendered.describe(o) + ": " + p));
            }
        }
        problems.addAll(CrdSchema.problems(operator));
        for (Map.Entry<String, Map<String, Object>> pod : r.podSpecs()) {
            PodSecurity.restrictedViolations(pod.getValue()).forEach(v -> problems.add(pod.getKey() + ": " + v));
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "values-microk8s.yaml"})
    void theExporterSidecarIsAValidRestrictedContainerInTraefiksPod(String overrides) throws Exception {
        Map<String, Object> v = values(overrides);
        Map<String, Object> sidecar = sidecar(v);
        V1Container.fromJson(new Gson().toJson(sidecar)); // the Kubernetes schema of a container
        // The pod it lands in: the Traefik chart puts podSecurityContext on the pod and always mounts an
        // emptyDir named tmp (its _podtemplate.tpl); the sidecar is checked in that pod.
        Map<String, Object> podSc = Yaml.map(Yaml.at(v, "traefik", "podSecurityContext"));
        Map<String, Object> pod = Map.of("securityContext", podSc, "containers", List.of(sidecar),
                "volumes", List.of(Map.of("name", "tmp", "emptyDir", Map.of())));
        assertEquals(List.of(), PodSecurity.restrictedViolations(pod));
        // Traefik's own container under the same values: the chart applies securityContext to it.
        Map<String, Object> traefik = Map.of("name", "traefik", "securityContext", Yaml.map(Yaml.at(v, "traefik", "securityContext")));
        assertEquals(List.of(), PodSecurity.containerViolations(traefik, true, "RuntimeDefault"));
    }

    /** Issue 13 item 13: the sidecar never gates the Traefik pod it observes. */
    @ParameterizedTest
    @ValueSource(strings = {"", "values-microk8s.yaml"})
    void theSidecarHasALivenessProbeAndNothingThatGatesTraefiksReadiness(String overrides) throws Exception {
        Map<String, Object> sidecar = sidecar(values(overrides));
        assertEquals(null, sidecar.get("readinessProbe"));
        assertEquals(null, sidecar.get("startupProbe"), "a container is not Ready before its startup probe succeeds");
        assertEquals("/health/liveness", Yaml.at(sidecar, "livenessProbe", "httpGet", "path"));
    }

    @Test
    void theSidecarReadsTraefikOnItsMetricsPortAndServesWhatTheMonitorsAndTheAutoscalerExpect() throws IOException {
        Map<String, Object> v = values("");
        Map<String, Object> sidecar = sidecar(v);
        Map<String, String> env = Yaml.list(sidecar.get("env")).stream().map(Yaml::map)
                .collect(Collectors.toMap(e -> String.valueOf(e.get("name")), e -> String.valueOf(e.get("value"))));
        URI traefikUrl = URI.create(env.get("ROUTESCALE_EXPORTER_TRAEFIK_URL"));
        assertEquals("127.0.0.1", traefikUrl.getHost());
        assertEquals(Yaml.at(v, "traefik", "ports", "metrics", "port"), traefikUrl.getPort());
        assertEquals("true", env.get("ROUTESCALE_EXPORTER_KUBERNETES_ENABLED"));

        Map<String, Object> routescaleDefaults = Yaml.load(Repo.ROUTESCALE_CHART.resolve("values.yaml"));
        Map<Object, Object> ports = Yaml.list(sidecar.get("ports")).stream().map(Yaml::map)
                .collect(Collectors.toMap(p -> p.get("name"), p -> p.get("containerPort")));
        assertEquals(Set.of("rs-metrics", "rs-signals"), ports.keySet());
        assertEquals(Yaml.at(routescaleDefaults, "exporter", "signalsPort"), ports.get("rs-signals"));

        Rendered r = HelmCharts.template(stack, RELEASE, NAMESPACE);
        Map<String, Object> podMonitor = r.single("PodMonitor");
        // Port names in Traefik's pod: the chart names each container port after its ports.<name> key.
        Set<Object> podPorts = new java.util.HashSet<>(ports.keySet());
        podPorts.addAll(Yaml.map(Yaml.at(v, "traefik", "ports")).keySet());
        for (Object e : Yaml.list(Yaml.at(podMonitor, "spec", "podMetricsEndpoints"))) {
            assertTrue(podPorts.contains(Yaml.map(e).get("port")), "PodMonitor port " + Yaml.map(e).get("port"));
        }
        Map<String, String> traefikPod = TraefikChartLabels.podLabels(RELEASE, NAMESPACE, "37.1.0");
        assertTrue(TraefikChartLabels.matches(Yaml.map(Yaml.at(podMonitor, "spec", "selector", "matchLabels")), traefikPod),
                String.valueOf(Yaml.at(podMonitor, "spec", "selector")));
        assertEquals(List.of(NAMESPACE), Yaml.at(podMonitor, "spec", "namespaceSelector", "matchNames"));
        Map<String, String> autoscalerEnv = RoutescaleChartTest.env(r.single("Deployment"));
        assertTrue(TraefikChartLabels.matches(TraefikChartLabels.parseSelector(autoscalerEnv.get("ROUTESCALE_AUTOSCALER_EXPORTERS_SELECTOR")), traefikPod));
        assertEquals(NAMESPACE, autoscalerEnv.get("ROUTESCALE_AUTOSCALER_EXPORTERS_NAMESPACE"));
        assertEquals(String.valueOf(ports.get("rs-signals")), autoscalerEnv.get("ROUTESCALE_AUTOSCALER_EXPORTERS_PORT"));
        // Issue 13 item 14: the Prometheus this release runs, in its own namespace (not "monitoring").
        assertEquals("http://prometheus-operated." + NAMESPACE + ":9090", autoscalerEnv.get("ROUTESCALE_AUTOSCALER_PROMETHEUS_URL"));
    }

    @Test
    void traefikIsAskedForMetricsFineEnoughForAP99() throws IOException {
        Map<String, Object> prometheus = Yaml.map(Yaml.at(values(""), "traefik", "metrics", "prometheus"));
        assertEquals(true, prometheus.get("addRoutersLabels"));
        List<Double> buckets = List.of(String.valueOf(prometheus.get("buckets")).split(",")).stream().map(Double::parseDouble).toList();
        assertTrue(buckets.size() >= 12, "buckets " + buckets);
        for (int i = 1; i < buckets.size(); i++) {
            assertTrue(buckets.get(i) > buckets.get(i - 1), "increasing: " + buckets);
            // Neighbouring bounds at most 2.5x apart below 1 s: a p99 is interpolated within a factor that small.
            if (buckets.get(i) <= 1) {
                assertTrue(buckets.get(i) / buckets.get(i - 1) <= 2.5, buckets.get(i - 1) + " -> " + buckets.get(i));
            }
        }
        assertTrue(buckets.get(0) <= 0.005 && buckets.get(buckets.size() - 1) >= 10, "covers 5 ms to 10 s");
    }

    @Test
    void prometheusAndGrafanaPickUpRoutescalesMonitorsRulesAndDashboards() throws IOException {
        Map<String, Object> v = values("");
        Map<String, Object> spec = Yaml.map(Yaml.at(v, "kube-prometheus-stack", "prometheus", "prometheusSpec"));
        for (String selector : List.of("podMonitorSelectorNilUsesHelmValues", "serviceMonitorSelectorNilUsesHelmValues",
                "ruleSelectorNilUsesHelmValues")) {
            assertEquals(false, spec.get(selector), selector);
        }
        Map<String, Object> sidecar = Yaml.map(Yaml.at(v, "kube-prometheus-stack", "grafana", "sidecar", "dashboards"));
        Rendered r = HelmCharts.template(stack, RELEASE, NAMESPACE);
        List<Map<String, Object>> dashboards = r.ofKind("ConfigMap").stream()
                .filter(c -> String.valueOf(sidecar.get("labelValue")).equals(Yaml.at(c, "metadata", "labels", String.valueOf(sidecar.get("label")))))
                .toList();
        assertEquals(2, dashboards.size(), "both dashboards carry the label Grafana's sidecar watches");
    }

    /** Issue 13 item 12: Grafana on a NodePort must not answer to kube-prometheus-stack's published default password. */
    @Test
    void grafanasPasswordIsGeneratedAndNotesSayHowToReadIt() throws IOException {
        for (String overrides : List.of("", "values-microk8s.yaml")) {
            assertEquals("", Yaml.at(values(overrides), "kube-prometheus-stack", "grafana", "adminPassword"), overrides);
        }
        String notes = java.nio.file.Files.readString(Repo.STACK_CHART.resolve("templates/NOTES.txt"));
        assertTrue(notes.contains("get secret {{ .Release.Name }}-grafana -o jsonpath='{.data.admin-password}' | base64 -d"), notes);
    }

    /** Issue 13 item 14: NOTES name what the subcharts really create, and only what is on. */
    @Test
    void notesNameWhatTheChartsCreate() throws IOException {
        String defaults = HelmCharts.notes(stack, RELEASE, NAMESPACE);
        assertTrue(defaults.contains("kubectl -n edge edit configmap rs-routescale-policy\n"), defaults);
        assertTrue(defaults.contains("(pods app.kubernetes.io/instance=rs-edge)"), defaults);
        assertTrue(defaults.contains("Grafana\n    with the dashboards"), defaults);

        Path renamed = tmp.resolve("renamed.yaml");
        Files.writeString(renamed, "routescale: {fullnameOverride: scaler, dashboards: {enabled: false}, traefik: {instanceLabelOverride: edge-proxy}}\n"
                + "traefik: {instanceLabelOverride: edge-proxy}\n");
        String notes = HelmCharts.notes(stack, RELEASE, NAMESPACE, renamed);
        assertTrue(notes.contains("edit configmap scaler-policy\n"), notes);
        assertTrue(notes.contains("(pods app.kubernetes.io/instance=edge-proxy)"), notes);
        assertFalse(notes.contains("dashboards"), "dashboards that are off are not listed: " + notes);
        assertEquals(Rendered.name(HelmCharts.template(stack, RELEASE, NAMESPACE, renamed).ofKind("ConfigMap").stream()
                .filter(c -> Yaml.map(Yaml.at(c, "data")).containsKey("policy.yaml")).findFirst().orElseThrow()), "scaler-policy");

        Path ownConfigMap = tmp.resolve("own-configmap.yaml");
        Files.writeString(ownConfigMap, "routescale: {policy: {configMapName: team-policy}}\nkube-prometheus-stack: {grafana: {enabled: false}}\n");
        String own = HelmCharts.notes(stack, RELEASE, NAMESPACE, ownConfigMap);
        assertTrue(own.contains("edit configmap team-policy\n"), own);
        Path routescaleRelease = tmp.resolve("routescale-release.yaml");
        Files.writeString(routescaleRelease, "{}\n");
        assertTrue(HelmCharts.notes(stack, "routescale", NAMESPACE, routescaleRelease).contains("edit configmap routescale-policy\n"),
                "a release named routescale is not doubled");
        assertTrue(HelmCharts.template(stack, "routescale", NAMESPACE).ofKind("ConfigMap").stream()
                .anyMatch(c -> "routescale-policy".equals(Rendered.name(c))));
        assertFalse(own.contains("Grafana"), own);
    }

    @Test
    void microk8sValuesUseItsHostpathStorageAndSkipTheTargetsKubeliteHides() throws IOException {
        Map<String, Object> v = Yaml.load(Repo.STACK_CHART.resolve("values-microk8s.yaml"));
        assertEquals("microk8s-hostpath", Yaml.at(v, "kube-prometheus-stack", "prometheus", "prometheusSpec", "storageSpec",
                "volumeClaimTemplate", "spec", "storageClassName"));
        assertEquals("microk8s-hostpath", Yaml.at(v, "kube-prometheus-stack", "grafana", "persistence", "storageClassName"));
        for (String hidden : List.of("kubeControllerManager", "kubeScheduler", "kubeProxy", "kubeEtcd")) {
            assertEquals(false, Yaml.at(v, "kube-prometheus-stack", hidden, "enabled"), hidden);
        }
        assertEquals("NodePort", Yaml.at(v, "traefik", "service", "type"));
    }

    @Test
    void installingRoutescaleWithATraefikItCannotReadFailsEarly() throws IOException {
        Map<String, String> broken = Map.of(
                "traefik: {deployment: {additionalContainers: []}}", "routescale-exporter sidecar",
                "traefik: {metrics: {prometheus: null}}", "traefik.metrics.prometheus",
                "traefik: {ports: {metrics: {port: 9200}}}",
                "the exporter's ROUTESCALE_EXPORTER_TRAEFIK_URL http://127.0.0.1:9100/metrics is not Traefik's metrics port traefik.ports.metrics.port (9200)",
                "traefik: {instanceLabelOverride: edge-proxy}", "traefik.instanceLabelOverride and routescale.traefik.instanceLabelOverride must be the same");
        for (Map.Entry<String, String> e : broken.entrySet()) {
            Path values = tmp.resolve("broken-" + Math.abs(e.getKey().hashCode()) + ".yaml");
            Files.writeString(values, e.getKey() + "\n");
            Exception thrown = assertThrows(Exception.class, () -> HelmCharts.template(stack, RELEASE, NAMESPACE, values));
            assertTrue(thrown.getMessage().contains(e.getValue()), thrown.getMessage());
        }
        Path withoutRoutescale = tmp.resolve("no-routescale.yaml");
        Files.writeString(withoutRoutescale, "routescale: {enabled: false}\ntraefik: {deployment: {additionalContainers: []}}\n");
        assertTrue(HelmCharts.template(stack, RELEASE, NAMESPACE, withoutRoutescale).ofKind("Deployment").isEmpty());
    }

    static Map<String, Object> sidecar(Map<String, Object> values) {
        List<Map<String, Object>> found = Yaml.list(Yaml.at(values, "traefik", "deployment", "additionalContainers")).stream()
                .map(Yaml::map).filter(c -> "routescale-exporter".equals(c.get("name"))).toList();
        assertEquals(1, found.size());
        return found.get(0);
    }
}
