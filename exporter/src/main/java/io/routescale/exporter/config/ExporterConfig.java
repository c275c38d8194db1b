package io.routescale.exporter.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.convert.format.ReadableBytes;
import io.routescale.exporter.parse.ParseLimits;
import jakarta.annotation.PostConstruct;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Everything the exporter can be told, under {@code routescale.exporter.*} (or the matching environment
 * variables, e.g. {@code ROUTESCALE_EXPORTER_TRAEFIK_URL}). Checked at start-up: a wrong value stops the
 * process with the property's name in the message.
 */
@ConfigurationProperties("routescale.exporter")
public class ExporterConfig {
    @NotNull
    private URI traefikUrl = URI.create("http://127.0.0.1:9100/metrics");
    @NotNull
    private Duration scrapeInterval = Duration.ofSeconds(2);
    /** Null: not set, so 1.5 s clamped to the interval (as Prometheus clamps an unset timeout). */
    private Duration scrapeTimeout;
    /** Text, parsed strictly in {@link #check()}: a list of Durations drops an element it cannot convert, silently. */
    @NotEmpty
    private List<String> windows = List.of("10s", "60s");
    @DecimalMin("0.0")
    @DecimalMax("1.0")
    private double minWindowCoverage = 0.5;
    @NotNull
    private Duration staleAfter = Duration.ofSeconds(10);
    @Min(1024)
    private long maxBodyBytes = ParseLimits.DEFAULT.maxBodyBytes();
    @Min(1)
    private long maxSeries = ParseLimits.DEFAULT.maxSamples();
    private int maxTargets = ParseLimits.DEFAULT.maxTargets();
    @Min(256)
    private int maxLineBytes = ParseLimits.DEFAULT.maxLineBytes();
    @NotNull
    private String metricsHost = "0.0.0.0";
    @Min(1)
    @Max(65535)
    private int metricsPort = 9464;
    @NotNull
    private List<String> entrypoints = List.of("web", "websecure");
    private boolean kubernetesEnabled;
    @NotNull
    private Duration kubernetesRefresh = Duration.ofSeconds(60);

    /** Rejects combinations no single property can check; runs when the bean is built, i.e. at start-up. */
    @PostConstruct
    public void check() {
        checkTraefikUrl(traefikUrl);
        requirePositive("scrape-interval", scrapeInterval);
        requirePositive("scrape-timeout", getScrapeTimeout());
        requirePositive("kubernetes-refresh", kubernetesRefresh);
        if (getScrapeTimeout().compareTo(scrapeInterval) > 0) {
            throw new IllegalArgumentException("routescale.exporter.scrape-timeout (" + getScrapeTimeout()
                    + ") must not exceed scrape-interval (" + scrapeInterval + ")");
        }
        for (Duration w : windowDurations()) {
            if (w.compareTo(scrapeInterval.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException("routescale.exporter.windows: " + w
                        + " is shorter than two scrape intervals (" + scrapeInterval + "): it could never hold a rate");
            }
        }
        if (maxBodyBytes <= 0 || maxSeries <= 0 || maxLineBytes <= 0 || maxTargets <= 0) {
            throw new IllegalArgumentException("routescale.exporter.max-body-bytes, max-series, max-line-bytes and max-targets"
                    + " must be positive, got " + maxBodyBytes + ", " + maxSeries + ", " + maxLineBytes + ", " + maxTargets);
        }
        if (staleAfter.compareTo(scrapeInterval) <= 0) {
            throw new IllegalArgumentException("routescale.exporter.stale-after (" + staleAfter
                    + ") must exceed scrape-interval (" + scrapeInterval + ")");
        }
    }

    /** Only a web address can be scraped: {@code file:}, {@code jar:} or a URL without a host fail every cycle. */
    static void checkTraefikUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null || url.getHost().isEmpty()) {
            throw new IllegalArgumentException("routescale.exporter.traefik-url: expected http:// or https:// with a host, got '"
                    + Redact.url(url) + "'");
        }
    }

    /** {@code 10s}, {@code 1m}, {@code 1500ms}, {@code 1h}: what Micronaut reads as a duration, and nothing else. */
    static Duration window(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([1-9][0-9]{0,6})(ms|s|m|h)").matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("routescale.exporter.windows: '" + text + "' is not a duration (allowed: a whole "
                    + "number and ms, s, m or h, e.g. 10s, 1m)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    public List<Duration> windowDurations() {
        return windows.stream().map(ExporterConfig::window).toList();
    }

    private static void requirePositive(String name, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("routescale.exporter." + name + " must be positive, got " + d);
        }
    }

    public List<Duration> sortedWindows() {
        return windowDurations().stream().sorted().distinct().toList();
    }

    public URI getTraefikUrl() {
        return traefikUrl;
    }

    public void setTraefikUrl(URI traefikUrl) {
        this.traefikUrl = traefikUrl;
    }

    public Duration getScrapeInterval() {
        return scrapeInterval;
    }

    public void setScrapeInterval(Duration scrapeInterval) {
        this.scrapeInterval = scrapeInterval;
    }

    public Duration getScrapeTimeout() {
        if (scrapeTimeout != null) {
            return scrapeTimeout;
        }
        Duration unset = Duration.ofMillis(1500);
        return unset.compareTo(scrapeInterval) > 0 ? scrapeInterval : unset;
    }

    public void setScrapeTimeout(Duration scrapeTimeout) {
        this.scrapeTimeout = scrapeTimeout;
    }

    public List<String> getWindows() {
        return windows;
    }

    public void setWindows(List<String> windows) {
        this.windows = windows;
    }

    public double getMinWindowCoverage() {
        return minWindowCoverage;
    }

    public void setMinWindowCoverage(double minWindowCoverage) {
        this.minWindowCoverage = minWindowCoverage;
    }

    public Duration getStaleAfter() {
        return staleAfter;
    }

    public void setStaleAfter(Duration staleAfter) {
        this.staleAfter = staleAfter;
    }

    public long getMaxBodyBytes() {
        return maxBodyBytes;
    }

    public void setMaxBodyBytes(@ReadableBytes long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    public int getMaxTargets() {
        return maxTargets;
    }

    public void setMaxTargets(int maxTargets) {
        this.maxTargets = maxTargets;
    }

    public long getMaxSeries() {
        return maxSeries;
    }

    public void setMaxSeries(long maxSeries) {
        this.maxSeries = maxSeries;
    }

    public int getMaxLineBytes() {
        return maxLineBytes;
    }

    public void setMaxLineBytes(@ReadableBytes int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    public String getMetricsHost() {
        return metricsHost;
    }

    public void setMetricsHost(String metricsHost) {
        this.metricsHost = metricsHost;
    }

    public int getMetricsPort() {
        return metricsPort;
    }

    public void setMetricsPort(int metricsPort) {
        this.metricsPort = metricsPort;
    }

    public List<String> getEntrypoints() {
        return entrypoints;
    }

    public void setEntrypoints(List<String> entrypoints) {
        this.entrypoints = entrypoints;
    }

    public boolean isKubernetesEnabled() {
        return kubernetesEnabled;
    }

    public void setKubernetesEnabled(boolean kubernetesEnabled) {
        this.kubernetesEnabled = kubernetesEnabled;
    }

    public Duration getKubernetesRefresh() {
        return kubernetesRefresh;
    }

    public void setKubernetesRefresh(Duration kubernetesRefresh) {
        this.kubernetesRefresh = kubernetesRefresh;
    }
}
