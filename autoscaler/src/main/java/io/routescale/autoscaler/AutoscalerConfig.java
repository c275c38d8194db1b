package io.routescale.autoscaler;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.annotation.PostConstruct;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The autoscaler's own settings under {@code routescale.autoscaler.*} (environment:
 * {@code ROUTESCALE_AUTOSCALER_...}); the scaling policy itself lives in a ConfigMap.
 */
@ConfigurationProperties("routescale.autoscaler")
public class AutoscalerConfig {
    /** Where the signals come from. */
    public enum Source { EXPORTERS, PROMETHEUS }

    /** How the decision reads workloads, HPAs, exporter pods and the policy: informer caches, or a GET each time. */
    public enum ClusterView { WATCH, READ }

    @NotBlank
    private String policyNamespace = "routescale";
    @NotBlank
    private String policyConfigMap = "routescale-policy";
    @NotBlank
    private String policyKey = "policy.yaml";
    /** Where the last good policy is kept across restarts (empty: nowhere). */
    private String policyLastGood = "";
    @NotNull
    private Duration policyRefresh = Duration.ofSeconds(5);
    @NotNull
    private Duration interval = Duration.ofSeconds(1);
    @NotNull
    private Source source = Source.EXPORTERS;
    @NotBlank
    private String exportersNamespace = "traefik";
    @NotBlank
    private String exportersSelector = "app.kubernetes.io/name=traefik";
    @Min(1)
    @Max(65535)
    private int exportersPort = 9465;
    /** Fixed exporter URLs instead of discovery (tests, or Traefik outside Kubernetes). */
    private List<URI> exportersUrls = List.of();
    @NotNull
    private URI prometheusUrl = URI.create("http://prometheus-operated.monitoring:9090");
    @NotNull
    private Duration signalTimeout = Duration.ofMillis(800);
    private boolean leaderElection = true;
    @NotBlank
    private String leaseNamespace = "routescale";
    @NotBlank
    private String leaseName = "routescale-autoscaler";
    @NotNull
    private Duration leaseDuration = Duration.ofSeconds(15);
    @NotNull
    private Duration renewDeadline = Duration.ofSeconds(10);
    @NotNull
    private Duration retryPeriod = Duration.ofSeconds(2);
    @NotBlank
    private String identity = defaultIdentity(System.getenv("HOSTNAME"));
    @NotBlank
    private String metricsHost = "0.0.0.0";
    @Min(0)
    @Max(65535)
    private int metricsPort = 9466;
    /** Read timeout of every Kubernetes API call but watches. */
    @NotNull
    private Duration apiTimeout = Duration.ofSeconds(10);
    @NotNull
    private ClusterView clusterView = ClusterView.WATCH;
    /** How long list and watch may keep failing before a cache's objects count as missing. */
    @NotNull
    private Duration cacheStaleAfter = Duration.ofSeconds(15);
    /** How long the first read of a kind waits for its cache's first list. */
    @NotNull
    private Duration cacheFirstSync = Duration.ofSeconds(10);

    /**
     * The host name (the pod's name under the chart) and a random UUID, as kube-controller-manager makes its
     * leader-election identity: two processes never share one, even when HOSTNAME is unset or equal, so two
     * replicas can never both believe they hold the Lease.
     */
    static String defaultIdentity(String hostname) {
        String host = hostname == null || hostname.isBlank() ? "routescale-autoscaler" : hostname;
        return host + "_" + java.util.UUID.randomUUID();
    }

    /** Combinations no single property can check; at start-up. */
    @PostConstruct
    public void check() {
        for (var d : List.of(policyRefresh, interval, signalTimeout, leaseDuration, renewDeadline, retryPeriod, apiTimeout, cacheStaleAfter, cacheFirstSync)) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("routescale.autoscaler durations must be positive, got " + d);
            }
        }
        if (renewDeadline.compareTo(leaseDuration) >= 0) {
            throw new IllegalArgumentException("routescale.autoscaler.renew-deadline (" + renewDeadline
                    + ") must be shorter than lease-duration (" + leaseDuration + ")");
        }
        if (signalTimeout.compareTo(interval) > 0) {
            throw new IllegalArgumentException("routescale.autoscaler.signal-timeout (" + signalTimeout
                    + ") must not exceed interval (" + interval + ")");
        }
    }

    public String getPolicyNamespace() { return policyNamespace; }
    public void setPolicyNamespace(String v) { policyNamespace = v; }
    public String getPolicyConfigMap() { return policyConfigMap; }
    public void setPolicyConfigMap(String v) { policyConfigMap = v; }
    public String getPolicyKey() { return policyKey; }
    public void setPolicyKey(String v) { policyKey = v; }
    public String getPolicyLastGood() { return policyLastGood; }
    public void setPolicyLastGood(String v) { policyLastGood = v == null ? "" : v; }
    public Duration getPolicyRefresh() { return policyRefresh; }
    public void setPolicyRefresh(Duration v) { policyRefresh = v; }
    public Duration getInterval() { return interval; }
    public void setInterval(Duration v) { interval = v; }
    public Source getSource() { return source; }
    public void setSource(Source v) { source = v; }
    public String getExportersNamespace() { return exportersNamespace; }
    public void setExportersNamespace(String v) { exportersNamespace = v; }
    public String getExportersSelector() { return exportersSelector; }
    public void setExportersSelector(String v) { exportersSelector = v; }
    public int getExportersPort() { return exportersPort; }
    public void setExportersPort(int v) { exportersPort = v; }
    public List<URI> getExportersUrls() { return exportersUrls; }
    public void setExportersUrls(List<URI> v) { exportersUrls = v; }
    public URI getPrometheusUrl() { return prometheusUrl; }
    public void setPrometheusUrl(URI v) { prometheusUrl = v; }
    public Duration getSignalTimeout() { return signalTimeout; }
    public void setSignalTimeout(Duration v) { signalTimeout = v; }
    public boolean isLeaderElection() { return leaderElection; }
    public void setLeaderElection(boolean v) { leaderElection = v; }
    public String getLeaseNamespace() { return leaseNamespace; }
    public void setLeaseNamespace(String v) { leaseNamespace = v; }
    public String getLeaseName() { return leaseName; }
    public void setLeaseName(String v) { leaseName = v; }
    public Duration getLeaseDuration() { return leaseDuration; }
    public void setLeaseDuration(Duration v) { leaseDuration = v; }
    public Duration getRenewDeadline() { return renewDeadline; }
    public void setRenewDeadline(Duration v) { renewDeadline = v; }
    public Duration getRetryPeriod() { return retryPeriod; }
    public void setRetryPeriod(Duration v) { retryPeriod = v; }
    public String getIdentity() { return identity; }
    public void setIdentity(String v) { identity = v; }
    public String getMetricsHost() { return metricsHost; }
    public void setMetricsHost(String v) { metricsHost = v; }
    public int getMetricsPort() { return metricsPort; }
    public void setMetricsPort(int v) { metricsPort = v; }
    public Duration getApiTimeout() { return apiTimeout; }
    public void setApiTimeout(Duration v) { apiTimeout = v; }
    public ClusterView getClusterView() { return clusterView; }
    public void setClusterView(ClusterView v) { clusterView = v; }
    public Duration getCacheStaleAfter() { return cacheStaleAfter; }
    public void setCacheStaleAfter(Duration v) { cacheStaleAfter = v; }
    public Duration getCacheFirstSync() { return cacheFirstSync; }
    public void setCacheFirstSync(Duration v) { cacheFirstSync = v; }
}
