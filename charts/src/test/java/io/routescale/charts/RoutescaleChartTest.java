package io.routescale.charts;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.marcnuri.helm.LintResult;
import io.routescale.autoscaler.policy.Policy;
import io.routescale.autoscaler.policy.PolicyParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** charts/routescale, linted and rendered by the real Helm with every values set, and what it renders checked. */
class RoutescaleChartTest {
    @TempDir
    Path tmp;

    static List<Path> valuesSets() throws IOException {
        return ChartValues.routescaleSets();
    }

    @ParameterizedTest
    @MethodSource("valuesSets")
    void lintsStrictly(Path values) throws IOException {
        LintResult lint = HelmCharts.lintStrict(Repo.ROUTESCALE_CHART, tmp, values);
        assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
    }

    @ParameterizedTest
    @MethodSource("valuesSets")
    void everyRenderedObjectMatchesItsApiSchema(Path values) throws Exception {
        Rendered r = HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale", values);
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> operatorObjects = new ArrayList<>();
        for (Map<String, Object> o : r.objects) {
            if (CrdSchema.API_VERSIONS.contains(o.get("apiVersion"))) {
                operatorObjects.add(o);
            } else {
                KubernetesSchema.problem(o).ifPresent(p -> problems.add(Rendered.describe(o) + ": " + p));
            }
        }
        problems.addAll(CrdSchema.problems(operatorObjects));
        assertEquals(List.of(), problems, values.toString());
    }

    @ParameterizedTest
    @MethodSource("valuesSets")
    void everyPodIsPodSecurityRestricted(Path values) {
        Rendered r = HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale", values);
        assertFalse(r.podSpecs().isEmpty());
        for (Map.Entry<String, Map<String, Object>> pod : r.podSpecs()) {
            assertEquals(List.of(), PodSecurity.restrictedViolations(pod.getValue()), pod.getKey() + " with " + values);
        }
    }

    @Test
    void theRestrictedCheckCatchesEachControl() {
        Map<String, Object> good = Yaml.map(Yaml.at(HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale")
                .single("Deployment"), "spec", "template", "spec"));
        assertEquals(List.of(), PodSecurity.restrictedViolations(good));
        Map<String, String> breakages = Map.of(
                "hostNetwork: true", "Host Namespaces",
                "volumes: [{name: h, hostPath: {path: /}}]", "HostPath Volumes",
                "containers: [{name: c, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, readOnlyRootFilesystem: true, privileged: true}}]", "Privileged",
                "containers: [{name: c, securityContext: {capabilities: {drop: [ALL]}, readOnlyRootFilesystem: true}}]", "Privilege Escalation",
                "containers: [{name: c, securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL], add: [NET_ADMIN]}}}]", "adds NET_ADMIN",
                "containers: [{name: c, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}]", "writable root",
                "securityContext: {runAsNonRoot: true, seccompProfile: {type: Unconfined}}", "Seccomp",
                "{securityContext: {runAsNonRoot: false}, containers: [{name: c, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, readOnlyRootFilesystem: true}}]}", "Running as Non-root",
                "containers: [{name: c, ports: [{containerPort: 80, hostPort: 80}], securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, readOnlyRootFilesystem: true}}]", "Host Ports");
        breakages.forEach((patch, control) -> {
            Map<String, Object> broken = Yaml.merge(good, Yaml.loadAll(patch).get(0));
            List<String> found = PodSecurity.restrictedViolations(broken);
            assertTrue(found.stream().anyMatch(v -> v.contains(control)), patch + " -> " + found);
        });
    }

    @Test
    void theDefaultPolicyAndItsDocumentedExamplesAreValid() throws Exception {
        String content = String.valueOf(Yaml.at(Yaml.load(Repo.ROUTESCALE_CHART.resolve("values.yaml")), "policy", "content"));
        Policy defaults = new PolicyParser().parse(content);
        assertEquals(0, defaults.targets().size(), "no target is scaled until the platform team names one");

        // The commented example under "Examples", uncommented, in place of the empty list.
        List<String> lines = content.lines().toList();
        int examples = lines.indexOf(lines.stream().filter(l -> l.startsWith("# Examples")).findFirst().orElseThrow());
        StringBuilder withExamples = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.equals("targets: []")) {
                withExamples.append("targets:\n");
            } else if (i > examples && line.startsWith("# ")) {
                withExamples.append(line.substring(2)).append('\n');
            } else {
                withExamples.append(line).append('\n');
            }
        }
        Policy example = new PolicyParser().parse(withExamples.toString());
        assertEquals(2, example.targets().size());
        assertEquals("shop/web", example.targets().get(0).target().toString());
        assertEquals(0.25, example.targets().get(0).objective().p99Seconds(), "the first example: declared by its objective");
        assertEquals("shop/api", example.targets().get(1).target().toString());
    }

    @Test
    void thePolicyConfigMapIsTheOneTheAutoscalerReads() {
        Rendered r = HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale");
        Map<String, Object> cm = r.ofKind("ConfigMap").stream()
                .filter(c -> Yaml.map(c.get("data")).containsKey("policy.yaml")).findFirst().orElseThrow();
        Map<String, String> env = env(r.single("Deployment"));
        assertEquals(Rendered.name(cm), env.get("ROUTESCALE_AUTOSCALER_POLICY_CONFIG_MAP"));
        assertEquals("routescale", env.get("ROUTESCALE_AUTOSCALER_POLICY_NAMESPACE"));
        assertEquals("rs-routescale", env.get("ROUTESCALE_AUTOSCALER_LEASE_NAME"));
        // The Role names exactly that ConfigMap and that Lease.
        String roleRules = Yaml.dump(r.ofKind("Role").stream().filter(o -> Rendered.name(o).equals("rs-routescale"))
                .findFirst().orElseThrow().get("rules"));
        assertTrue(roleRules.contains(Rendered.name(cm)) && roleRules.contains("rs-routescale"), roleRules);
    }

    @Test
    void theServiceMonitorScrapesTheAutoscalerThroughItsService() {
        Rendered r = HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale");
        Map<String, Object> deployment = r.single("Deployment");
        Map<String, Object> service = r.single("Service");
        Map<String, Object> monitor = r.single("ServiceMonitor");
        Map<?, ?> podLabels = Yaml.map(Yaml.at(deployment, "spec", "template", "metadata", "labels"));
        assertTrue(TraefikChartLabels.matches(Yaml.map(Yaml.at(deployment, "spec", "selector", "matchLabels")), podLabels));
        assertTrue(TraefikChartLabels.matches(Yaml.map(Yaml.at(service, "spec", "selector")), podLabels));
        assertTrue(TraefikChartLabels.matches(Yaml.map(Yaml.at(monitor, "spec", "selector", "matchLabels")),
                Yaml.map(Yaml.at(service, "metadata", "labels"))));
        Set<Object> servicePorts = Yaml.list(Yaml.at(service, "spec", "ports")).stream()
                .map(p -> Yaml.map(p).get("name")).collect(Collectors.toSet());
        Set<Object> containerPorts = Yaml.list(Yaml.at(container(deployment), "ports")).stream()
                .map(p -> Yaml.map(p).get("name")).collect(Collectors.toSet());
        for (Object endpoint : Yaml.list(Yaml.at(monitor, "spec", "endpoints"))) {
            Object port = Yaml.map(endpoint).get("port");
            assertTrue(servicePorts.contains(port) && containerPorts.contains(port), "port " + port);
            assertEquals(true, Yaml.map(endpoint).get("honorLabels"), "keeps the target's own namespace label");
        }
        assertEquals(List.of("routescale"), Yaml.at(monitor, "spec", "namespaceSelector", "matchNames"));
    }

    @Test
    void thePodMonitorAndTheAutoscalerFindTraefiksPodsByTheTraefikChartsLabels() throws IOException {
        record Case(String values, String traefikRelease, String traefikNamespace) {
        }
        Path sameRelease = tmp.resolve("same.yaml");
        Files.writeString(sameRelease, "{}\n");
        Path elsewhere = tmp.resolve("elsewhere.yaml");
        Files.writeString(elsewhere, "traefik: {namespace: ingress, releaseName: edge}\n");
        for (Case c : List.of(new Case(sameRelease.toString(), "rs", "routescale"),
                new Case(elsewhere.toString(), "edge", "ingress"))) {
            Rendered r = HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale", Path.of(c.values()));
            Map<String, String> traefikPod = TraefikChartLabels.podLabels(c.traefikRelease(), c.traefikNamespace(), "37.1.0");
            Map<String, Object> podMonitor = r.single("PodMonitor");
            assertTrue(TraefikChartLabels.matches(Yaml.map(Yaml.at(podMonitor, "spec", "selector", "matchLabels")), traefikPod),
                    c + ": " + Yaml.at(podMonitor, "spec", "selector"));
            assertEquals(List.of(c.traefikNamespace()), Yaml.at(podMonitor, "spec", "namespaceSelector", "matchNames"));
            Map<String, String> env = env(r.single("Deployment"));
            assertTrue(TraefikChartLabels.matches(TraefikChartLabels.parseSelector(env.get("ROUTESCALE_AUTOSCALER_EXPORTERS_SELECTOR")), traefikPod));
            assertEquals(c.traefikNamespace(), env.get("ROUTESCALE_AUTOSCALER_EXPORTERS_NAMESPACE"));
            // And they do not match another release's Traefik.
            Map<String, String> otherTraefik = TraefikChartLabels.podLabels("other", c.traefikNamespace(), "37.1.0");
            assertFalse(TraefikChartLabels.matches(Yaml.map(Yaml.at(podMonitor, "spec", "selector", "matchLabels")), otherTraefik));
        }
    }

    @Test
    void thePodMonitorScrapesTraefikAndTheExporterOnTheirPortNames() {
        Map<String, Object> podMonitor = HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale").single("PodMonitor");
        List<Map<String, Object>> endpoints = Yaml.list(Yaml.at(podMonitor, "spec", "podMetricsEndpoints")).stream()
                .map(Yaml::map).toList();
        assertEquals(List.of("metrics", "rs-metrics"), endpoints.stream().map(e -> e.get("port")).toList());
        for (Map<String, Object> e : endpoints) {
            assertEquals("/metrics", e.get("path"));
            assertEquals("15s", e.get("interval"));
        }
        assertEquals(true, endpoints.get(1).get("honorLabels"), "the signals keep their backend's namespace label");
    }

    @Test
    void valuesThatBreakTheSchemaAreRejectedWithTheirPath() throws IOException {
        Map<String, String> bad = Map.of(
                "autoscaler: {replicas: two}", "replicas",
                "autoscaler: {source: kafka}", "source",
                "autoscaler: {replica: 2}", "replica",
                "metrics: {podMonitor: {interval: 15 seconds}}", "interval",
                "rbac: {scalableResources: [{apiGroup: apps, resources: ['*']}]}", "resources");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            Path values = tmp.resolve("bad-" + Math.abs(e.getKey().hashCode()) + ".yaml");
            Files.writeString(values, e.getKey() + "\n");
            Exception thrown = assertThrows(Exception.class,
                    () -> HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale", values), e.getKey());
            assertTrue(thrown.getMessage().contains(e.getValue()), e.getKey() + " -> " + thrown.getMessage());
        }
    }

    @Test
    void twoReplicasWithoutLeaderElectionAreRefused() throws IOException {
        Path values = tmp.resolve("two-writers.yaml");
        Files.writeString(values, "autoscaler: {replicas: 2, leaderElection: {enabled: false}}\n");
        Exception thrown = assertThrows(Exception.class,
                () -> HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale", values));
        assertTrue(thrown.getMessage().contains("leaderElection"), thrown.getMessage());
    }

    @Test
    void dashboardsAreConfigMapsTheGrafanaSidecarLoads() {
        Rendered r = HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale");
        List<Map<String, Object>> dashboards = r.ofKind("ConfigMap").stream()
                .filter(c -> "1".equals(Yaml.at(c, "metadata", "labels", "grafana_dashboard"))).toList();
        assertEquals(2, dashboards.size());
        Set<String> uids = new HashSet<>();
        for (Map<String, Object> cm : dashboards) {
            Map<String, Object> data = Yaml.map(cm.get("data"));
            assertEquals(1, data.size());
            JsonObject dashboard = JsonParser.parseString(String.valueOf(data.values().iterator().next())).getAsJsonObject();
            assertTrue(uids.add(dashboard.get("uid").getAsString()));
            assertFalse(dashboard.getAsJsonArray("panels").isEmpty());
        }
    }

    @Test
    void theHelmTestHookChecksHealthAndPolicy() {
        Rendered r = HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale");
        Map<String, Object> test = r.single("Pod");
        assertEquals("test", Yaml.at(test, "metadata", "annotations", HelmCharts.HOOK_MARK));
        String script = String.valueOf(Yaml.list(Yaml.at(container(test), "command")).get(2));
        assertTrue(script.contains("base=http://rs-routescale.routescale.svc") && script.contains("$base:9467/health"), script);
        assertTrue(script.contains("routescale_autoscaler_policy_valid 1"), script);
    }

    static Map<String, Object> container(Map<String, Object> workload) {
        Object spec = "Pod".equals(workload.get("kind")) ? workload.get("spec") : Yaml.at(workload, "spec", "template", "spec");
        return Yaml.map(Yaml.list(Yaml.map(spec).get("containers")).get(0));
    }

    static Map<String, String> env(Map<String, Object> deployment) {
        return Yaml.list(container(deployment).get("env")).stream().map(Yaml::map)
                .filter(e -> e.containsKey("value"))
                .collect(Collectors.toMap(e -> String.valueOf(e.get("name")), e -> String.valueOf(e.get("value")), (a, b) -> b));
    }
}
