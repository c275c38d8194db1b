package io.routescale.charts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 item 11: the optional NetworkPolicies admit only Prometheus to the exporter's metrics and only the
 * autoscaler to its signals, and leave every other port of Traefik's pods open. Judged by {@link #admits}, which
 * evaluates a policy's ingress rules as the NetworkPolicy API defines them (a peer and port match any rule).
 */
class NetworkPolicyTest {
    private static final Map<String, String> PROMETHEUS_NS = Map.of("kubernetes.io/metadata.name", "routescale");
    private static final Map<String, String> PROMETHEUS = Map.of("app.kubernetes.io/name", "prometheus");
    private static final Map<String, String> AUTOSCALER = Map.of("app.kubernetes.io/name", "routescale",
            "app.kubernetes.io/instance", "rs", "app.kubernetes.io/component", "autoscaler");
    private static final Map<String, String> STRANGER = Map.of("app", "curl");
    private static final Map<String, String> OTHER_NS = Map.of("kubernetes.io/metadata.name", "default");

    @TempDir
    Path tmp;

    @Test
    void offByDefault() {
        assertEquals(List.of(), HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale").ofKind("NetworkPolicy"));
    }

    @Test
    void theExportersPortsAdmitOnlyPrometheusAndTheAutoscaler() throws IOException {
        Rendered r = render("networkPolicy: {enabled: true}\ntraefik: {namespace: ingress, releaseName: edge}\n");
        Map<String, Object> exporter = named(r, "rs-routescale-exporter");
        assertEquals("ingress", Yaml.at(exporter, "metadata", "namespace"));
        assertEquals(Map.of("app.kubernetes.io/name", "traefik", "app.kubernetes.io/instance", "edge-ingress"),
                Yaml.at(exporter, "spec", "podSelector", "matchLabels"));
        assertTrue(admits(exporter, PROMETHEUS_NS, PROMETHEUS, 9464));
        assertFalse(admits(exporter, PROMETHEUS_NS, PROMETHEUS, 9465));
        assertTrue(admits(exporter, PROMETHEUS_NS, AUTOSCALER, 9465));
        assertFalse(admits(exporter, PROMETHEUS_NS, AUTOSCALER, 9464));
        for (int port : new int[] {9464, 9465}) {
            assertFalse(admits(exporter, OTHER_NS, STRANGER, port), "port " + port);
            assertFalse(admits(exporter, OTHER_NS, PROMETHEUS, port), "a Prometheus-labelled pod elsewhere, port " + port);
            assertFalse(admits(exporter, OTHER_NS, AUTOSCALER, port), "an autoscaler-labelled pod elsewhere, port " + port);
        }
        for (int port : new int[] {1, 80, 443, 8000, 8080, 8443, 9100, 9463, 9466, 65535}) {
            assertTrue(admits(exporter, OTHER_NS, STRANGER, port), "Traefik's own traffic on " + port);
        }

        Map<String, Object> autoscaler = named(r, "rs-routescale-autoscaler");
        assertEquals("routescale", Yaml.at(autoscaler, "metadata", "namespace"));
        assertEquals(AUTOSCALER, Yaml.at(autoscaler, "spec", "podSelector", "matchLabels"));
        assertTrue(admits(autoscaler, PROMETHEUS_NS, PROMETHEUS, 9466));
        assertFalse(admits(autoscaler, OTHER_NS, STRANGER, 9466));
        assertFalse(admits(autoscaler, PROMETHEUS_NS, STRANGER, 9466));
        assertEquals(List.of(), r.ofKind("NetworkPolicy").stream().flatMap(o -> KubernetesSchema.problem(o).stream()).toList());
    }

    @Test
    void portsApartAndAPrometheusElsewhereAreFollowed() throws IOException {
        Rendered r = render("networkPolicy: {enabled: true, prometheus: {namespaceLabels: {team: monitoring},"
                + " podLabels: {prometheus: k8s}}}\nexporter: {metricsPort: 7000, signalsPort: 9000}\n");
        Map<String, Object> exporter = named(r, "rs-routescale-exporter");
        Map<String, String> monitoring = Map.of("team", "monitoring");
        assertTrue(admits(exporter, monitoring, Map.of("prometheus", "k8s"), 7000));
        assertFalse(admits(exporter, PROMETHEUS_NS, PROMETHEUS, 7000), "the default labels no longer count");
        assertTrue(admits(exporter, PROMETHEUS_NS, AUTOSCALER, 9000));
        for (int port : new int[] {6999, 7001, 8999, 9001, 9464}) {
            assertTrue(admits(exporter, OTHER_NS, STRANGER, port), "port " + port);
        }
        assertFalse(admits(exporter, OTHER_NS, STRANGER, 7000));
        assertFalse(admits(exporter, OTHER_NS, STRANGER, 9000));
    }

    @Test
    void theEvaluatorReadsPeersAndPortRangesAsTheApiDoes() {
        Map<String, Object> policy = Yaml.map(Yaml.loadAll("""
                spec:
                  ingress:
                    - ports: [{protocol: TCP, port: 10, endPort: 20}]
                    - from: [{namespaceSelector: {matchLabels: {ns: a}}, podSelector: {matchLabels: {app: x}}}]
                      ports: [{protocol: TCP, port: 30}]
                """).get(0));
        assertTrue(admits(policy, Map.of("ns", "b"), Map.of(), 10));
        assertTrue(admits(policy, Map.of("ns", "b"), Map.of(), 20));
        assertFalse(admits(policy, Map.of("ns", "b"), Map.of(), 21));
        assertTrue(admits(policy, Map.of("ns", "a"), Map.of("app", "x", "more", "y"), 30));
        assertFalse(admits(policy, Map.of("ns", "a"), Map.of("app", "z"), 30));
        assertFalse(admits(policy, Map.of("ns", "b"), Map.of("app", "x"), 30));
        assertFalse(admits(Yaml.map(Yaml.loadAll("spec: {ingress: []}").get(0)), Map.of(), Map.of(), 10));
    }

    private Rendered render(String values) throws IOException {
        Path file = tmp.resolve("np-" + Math.abs(values.hashCode()) + ".yaml");
        Files.writeString(file, values);
        return HelmCharts.template(Repo.ROUTESCALE_CHART, "rs", "routescale", file);
    }

    private static Map<String, Object> named(Rendered r, String name) {
        return r.ofKind("NetworkPolicy").stream().filter(o -> name.equals(Rendered.name(o))).findFirst()
                .orElseThrow(() -> new AssertionError("no NetworkPolicy " + name + " in:\n" + r.text));
    }

    /** Whether a TCP connection from a pod (labels, its namespace's labels) to {@code port} matches some ingress rule. */
    static boolean admits(Map<String, Object> policy, Map<String, String> namespaceLabels, Map<String, String> podLabels, int port) {
        for (Object rule : Yaml.list(Yaml.at(policy, "spec", "ingress"))) {
            Object from = Yaml.map(rule).get("from");
            Object ports = Yaml.map(rule).get("ports");
            boolean peer = from == null || Yaml.list(from).stream().anyMatch(p -> peerMatches(Yaml.map(p), namespaceLabels, podLabels));
            boolean portMatch = ports == null || Yaml.list(ports).stream().anyMatch(p -> portMatches(Yaml.map(p), port));
            if (peer && portMatch) {
                return true;
            }
        }
        return false;
    }

    private static boolean peerMatches(Map<String, Object> peer, Map<String, String> namespaceLabels, Map<String, String> podLabels) {
        Object ns = peer.get("namespaceSelector");
        Object pod = peer.get("podSelector");
        // Without a namespaceSelector a podSelector means the policy's own namespace: never a test peer here.
        return ns != null && selects(ns, namespaceLabels) && (pod == null || selects(pod, podLabels));
    }

    private static boolean selects(Object selector, Map<String, String> labels) {
        Object match = Yaml.map(selector).get("matchLabels");
        return match == null || labels.entrySet().containsAll(Yaml.map(match).entrySet());
    }

    private static boolean portMatches(Map<String, Object> p, int port) {
        if (!"TCP".equals(p.getOrDefault("protocol", "TCP"))) {
            return false;
        }
        int from = ((Number) p.get("port")).intValue();
        int to = p.get("endPort") == null ? from : ((Number) p.get("endPort")).intValue();
        return from <= port && port <= to;
    }
}
