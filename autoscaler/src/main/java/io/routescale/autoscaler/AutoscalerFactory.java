package io.routescale.autoscaler;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.serde.ObjectMapper;
import io.kubernetes.client.openapi.ApiClient;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.routescale.http.MetricsEndpoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.routescale.autoscaler.act.Actuator;
import io.routescale.autoscaler.cluster.ClusterException;
import io.routescale.autoscaler.act.ScaleClient;
import io.routescale.autoscaler.k8s.ClientJavaCluster;
import io.routescale.autoscaler.k8s.WatchedCluster;
import io.routescale.autoscaler.policy.PolicySource;
import io.routescale.autoscaler.signals.ExporterEndpoints;
import io.routescale.autoscaler.decide.TargetStep;
import io.routescale.autoscaler.explain.AutoscalerMetrics;
import io.routescale.autoscaler.explain.Explainer;
import io.routescale.autoscaler.policy.Policy;
import io.routescale.autoscaler.policy.PolicyParser;
import io.routescale.autoscaler.policy.PolicyStore;
import io.routescale.autoscaler.policy.TargetPolicy;
import io.routescale.autoscaler.signals.ExporterSignalSource;
import io.routescale.autoscaler.signals.PrometheusSignalSource;
import io.routescale.autoscaler.signals.SignalSource;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

/** Wires the autoscaler's stages; compile-time DI, no reflection. */
@Factory
@Requires(property = "routescale.autoscaler.enabled", notEquals = "false")
public class AutoscalerFactory {
    private static final Logger LOG = LoggerFactory.getLogger(AutoscalerFactory.class);

    @Singleton
    AutoscalerMetrics metrics(PrometheusRegistry registry) {
        return new AutoscalerMetrics(registry);
    }

    /**
     * client-java behind every port (the only place it is wired in). The ApiClient comes from
     * micronaut-kubernetes-client (in-cluster service account, or {@code kubernetes.client.*} / kubeconfig outside).
     */
    @Singleton
    ClientJavaCluster cluster(ApiClient client, AutoscalerConfig config) {
        // client-java's builder sets no read timeout: one unanswered call would hold the cycle (or the Lease
        // renewal) forever. Watches get a client of their own without one (WatchedCluster).
        client.setReadTimeout(Math.toIntExact(config.getApiTimeout().toMillis()));
        return new ClientJavaCluster(client, "routescale-autoscaler", config.getIdentity());
    }

    /** The informer caches the decision reads (not started before their first read). */
    @Singleton
    @Bean(preDestroy = "close")
    WatchedCluster watchedCluster(ClientJavaCluster cluster, ApiClient client, AutoscalerConfig config, AutoscalerMetrics metrics) {
        WatchedCluster watched = new WatchedCluster(cluster, client, config.getCacheStaleAfter(), config.getCacheFirstSync(), System::nanoTime);
        metrics.clusterCaches(watched::cachesReady);
        return watched;
    }

    /** What the decision reads the cluster through: the watched caches, or (cluster-view: read) the API server. */
    private static <T> T view(AutoscalerConfig config, ClientJavaCluster direct, WatchedCluster watched, Class<T> port) {
        return port.cast(config.getClusterView() == AutoscalerConfig.ClusterView.WATCH ? watched : direct);
    }

    @Singleton
    PolicyStore policyStore(ClientJavaCluster cluster, WatchedCluster watched, AutoscalerMetrics metrics, AutoscalerConfig config) {
        return new PolicyStore(view(config, cluster, watched, PolicySource.class), cluster, new PolicyParser(), metrics, config.getPolicyNamespace(),
                config.getPolicyConfigMap(), config.getPolicyKey(),
                config.getPolicyLastGood().isBlank() ? null : java.nio.file.Path.of(config.getPolicyLastGood()));
    }

    @Singleton
    SignalSource signalSource(AutoscalerConfig config, ClientJavaCluster cluster, WatchedCluster watched, PolicyStore policy) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(config.getSignalTimeout()).build();
        if (config.getSource() == AutoscalerConfig.Source.PROMETHEUS) {
            return new PrometheusSignalSource(config.getPrometheusUrl(), http, config.getSignalTimeout(),
                    ObjectMapper.getDefault(), () -> windowsOf(policy.current()));
        }
        List<URI> fixed = List.copyOf(config.getExportersUrls());
        ExporterEndpoints endpoints = view(config, cluster, watched, ExporterEndpoints.class);
        return new ExporterSignalSource(() -> fixed.isEmpty() ? discover(endpoints, config) : fixed, http,
                config.getSignalTimeout(), ObjectMapper.getDefault());
    }

    /** Every exporter window the policy in force reads. */
    static List<String> windowsOf(Policy p) {
        TreeSet<String> windows = new TreeSet<>();
        for (TargetPolicy t : p.targets()) {
            windows.add(t.stableWindow());
            windows.add(t.fastWindow());
        }
        return List.copyOf(windows);
    }

    private static List<URI> discover(ExporterEndpoints cluster, AutoscalerConfig config) {
        try {
            return cluster.readyPodUrls(config.getExportersNamespace(), config.getExportersSelector(),
                    config.getExportersPort(), "/signals");
        } catch (ClusterException e) {
            // No list of exporters is no data: the loop holds every target.
            LOG.warn("cannot list exporter pods: {}", e.getMessage());
            return List.of();
        }
    }

    @Singleton
    ScaleLoop loop(PolicyStore policy, SignalSource signals, ClientJavaCluster cluster, WatchedCluster watched,
                   AutoscalerMetrics metrics, AutoscalerConfig config, Clock clock) {
        ScaleClient scale = view(config, cluster, watched, ScaleClient.class);
        Actuator actuator = new Actuator(scale, 4, Duration.ofMillis(200), d -> Thread.sleep(d.toMillis()));
        return new ScaleLoop(policy::current, signals, scale, new TargetStep(), actuator, new Explainer(cluster, metrics),
                metrics, clock);
    }

    @Singleton
    @Bean(preDestroy = "close")
    HTTPServer metricsServer(AutoscalerConfig config, PrometheusRegistry registry) {
        return MetricsEndpoint.start(config.getMetricsHost(), config.getMetricsPort(), registry, "routescale.autoscaler.metrics-port");
    }
}
