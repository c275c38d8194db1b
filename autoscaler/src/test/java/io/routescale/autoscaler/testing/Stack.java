package io.routescale.autoscaler.testing;

import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.routescale.exporter.testing.FakeTraefikServer;
import io.routescale.exporter.testing.RealPrometheus;
import io.routescale.exporter.testing.SyntheticTraefik;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything between a Traefik and a scaled Deployment, on this machine: a synthetic Traefik, the real
 * exporter application, the API server for tests holding the policy ConfigMap, the Deployment and a Traefik
 * Pod (at 127.0.0.1, so discovery finds the exporter), and the real autoscaler application, leader election on.
 * Used by the end-to-end test and the reaction benchmark.
 */
public final class Stack implements AutoCloseable {
    public final SyntheticTraefik traefik;
    public final FakeTraefikServer traefikServer = new FakeTraefikServer();
    public final TestApiServer api = new TestApiServer();
    public final ApplicationContext exporter;
    public final ApplicationContext autoscaler;
    public final long startNanos = System.nanoTime();
    private final RealPrometheus prometheus;

    /**
     * @param baseRps         the backend's rate before any step
     * @param replicas        the Deployment's replicas at start
     * @param viaPrometheus   read signals through a real Prometheus scraping the exporter instead of the exporter directly
     * @param exporterInterval the exporter's scrape interval
     */
    public Stack(double baseRps, int replicas, String policy, boolean viaPrometheus, Duration exporterInterval) throws Exception {
        traefik = new SyntheticTraefik(List.of(new SyntheticTraefik.Backend("shop-web-80@kubernetes", baseRps, 0.0, 0.0, 1)),
                SyntheticTraefik.Generation.V3, false);
        traefikServer.serve(() -> traefik.render(now()).getBytes(StandardCharsets.UTF_8));
        int exporterMetrics = RealPrometheus.freePort();
        exporter = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "routescale.autoscaler.enabled", "false",
                "routescale.exporter.traefik-url", traefikServer.url().toString(),
                "routescale.exporter.scrape-interval", exporterInterval.toMillis() + "ms",
                "routescale.exporter.scrape-timeout", (exporterInterval.toMillis() * 3 / 4) + "ms",
                "routescale.exporter.windows", "10s,60s",
                "routescale.exporter.metrics-host", "127.0.0.1",
                "routescale.exporter.metrics-port", Integer.toString(exporterMetrics),
                "micronaut.server.port", "-1")).getApplicationContext();
        int signalsPort = exporter.getBean(EmbeddedServer.class).getPort();

        api.createDeployment("shop", "web", replicas, replicas);
        CoreV1Api core = new CoreV1Api(api.client);
        api.putPolicy(policy);
        core.createNamespacedPod("traefik", new V1Pod().apiVersion("v1").kind("Pod")
                .metadata(new V1ObjectMeta().name("traefik-0").namespace("traefik").labels(Map.of("app.kubernetes.io/name", "traefik")))
                .status(new V1PodStatus().podIP("127.0.0.1").conditions(List.of(new V1PodCondition().type("Ready").status("True"))))).execute();

        prometheus = viaPrometheus ? new RealPrometheus(List.of("127.0.0.1:" + exporterMetrics), Duration.ofSeconds(1)) : null;
        Map<String, Object> props = new HashMap<>();
        props.put("routescale.exporter.enabled", "false");
        props.put("kubernetes.client.base-path", api.baseUrl());
        props.put("kubernetes.client.verify-ssl", "false");
        props.put("routescale.autoscaler.interval", "500ms");
        props.put("routescale.autoscaler.signal-timeout", "400ms");
        props.put("routescale.autoscaler.policy-refresh", "1s");
        props.put("routescale.autoscaler.exporters-port", signalsPort);
        props.put("routescale.autoscaler.metrics-host", "127.0.0.1");
        props.put("routescale.autoscaler.metrics-port", RealPrometheus.freePort());
        props.put("routescale.autoscaler.lease-duration", "3s");
        props.put("routescale.autoscaler.renew-deadline", "2s");
        props.put("routescale.autoscaler.retry-period", "500ms");
        props.put("routescale.autoscaler.identity", "autoscaler-0");
        if (viaPrometheus) {
            props.put("routescale.autoscaler.source", "prometheus");
            props.put("routescale.autoscaler.prometheus-url", prometheus.url().toString());
        }
        autoscaler = ApplicationContext.run(props);
    }

    /** Seconds since the stack started: the synthetic Traefik's clock. */
    public double now() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    public int replicas() throws Exception {
        return new io.kubernetes.client.openapi.apis.AppsV1Api(api.client).readNamespacedDeployment("web", "shop")
                .execute().getSpec().getReplicas();
    }

    @Override
    public void close() throws Exception {
        autoscaler.close();
        exporter.close();
        if (prometheus != null) {
            prometheus.close();
        }
        traefikServer.close();
        api.close();
    }
}
