package io.routescale.exporter;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.routescale.exporter.naming.KubernetesNameResolver;
import io.routescale.exporter.naming.NameResolver;
import io.routescale.exporter.naming.ParsedNameResolver;
import io.routescale.signals.Resolution;
import io.routescale.exporter.testing.RealPrometheus;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How configuration becomes beans: resolver choice, and start-up refusal of wrong values. */
class ExporterWiringTest {

    private static Map<String, Object> base() {
        Map<String, Object> p = new HashMap<>();
        p.put("routescale.exporter.schedule-enabled", "false");
        p.put("routescale.exporter.metrics-port", RealPrometheus.freePort());
        return p;
    }

    @Test
    void withoutApiAccessNamesAreParsed() {
        try (ApplicationContext ctx = ApplicationContext.run(base())) {
            assertInstanceOf(ParsedNameResolver.class, ctx.getBean(NameResolver.class));
        }
    }

    @Test
    void withApiAccessNamesComeFromKubernetesThroughMicronautKubernetesClient() {
        KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        api.init();
        try {
            Map<String, Object> p = base();
            p.put("routescale.exporter.kubernetes-enabled", "true");
            p.put("kubernetes.client.base-path", api.url("/").replaceAll("/$", ""));
            p.put("kubernetes.client.verify-ssl", "false");
            try (ApplicationContext ctx = ApplicationContext.run(p)) {
                NameResolver resolver = ctx.getBean(NameResolver.class);
                assertInstanceOf(KubernetesNameResolver.class, resolver);
                assertTrue(((KubernetesNameResolver) resolver).refresh(), "the empty catalog is readable");
                assertEquals(Resolution.PARSED, resolver.backend("default-whoami-80@kubernetes").resolution());
            }
        } finally {
            api.destroy();
        }
    }

    @Test
    void timeoutLongerThanIntervalIsRefusedAtStartUpWithThePropertyName() {
        Map<String, Object> p = base();
        p.put("routescale.exporter.scrape-interval", "1s");
        p.put("routescale.exporter.scrape-timeout", "5s");
        try (ApplicationContext ctx = ApplicationContext.run(p)) {
            Exception e = assertThrows(BeanInstantiationException.class, () -> ctx.getBean(SignalPipeline.class));
            assertTrue(rootMessage(e).contains("routescale.exporter.scrape-timeout"), rootMessage(e));
        }
    }

    /** Issue 13 item 6: an unset timeout is clamped to the interval, as Prometheus clamps one. */
    @Test
    void aOneSecondIntervalAloneStartsWithTheTimeoutClampedToIt() {
        Map<String, Object> p = base();
        p.put("routescale.exporter.scrape-interval", "1s");
        try (ApplicationContext ctx = ApplicationContext.run(p)) {
            ctx.getBean(SignalPipeline.class);
            assertEquals(java.time.Duration.ofSeconds(1), ctx.getBean(io.routescale.exporter.config.ExporterConfig.class).getScrapeTimeout());
        }
        try (ApplicationContext ctx = ApplicationContext.run(base())) {
            assertEquals(java.time.Duration.ofMillis(1500), ctx.getBean(io.routescale.exporter.config.ExporterConfig.class).getScrapeTimeout(),
                    "the 2 s default interval keeps the 1.5 s default timeout");
        }
    }

    /** Issue 13 item 6: a list element that is not a duration stops the start; it used to be dropped silently. */
    @Test
    void aWindowThatIsNotADurationIsRefusedByName() {
        Map<String, Object> p = base();
        p.put("routescale.exporter.windows", "10s,abc");
        try (ApplicationContext ctx = ApplicationContext.run(p)) {
            Exception e = assertThrows(BeanInstantiationException.class, () -> ctx.getBean(SignalPipeline.class));
            assertTrue(rootMessage(e).contains("routescale.exporter.windows: 'abc' is not a duration (allowed: a whole number "
                    + "and ms, s, m or h, e.g. 10s, 1m)"), rootMessage(e));
        }
    }

    /** Issue 13 item 8: only http(s) with a host can be scraped; a password in the URL is never shown. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"file:///etc/passwd", "ftp://traefik:9100/metrics",
            "jar:file:/x.jar!/metrics", "http:///metrics", "http://admin:s3cret@/metrics"})
    void aTraefikUrlThatCannotBeScrapedIsRefusedAtStartUp(String url) {
        Map<String, Object> p = base();
        p.put("routescale.exporter.traefik-url", url);
        try (ApplicationContext ctx = ApplicationContext.run(p)) {
            Exception e = assertThrows(BeanInstantiationException.class, () -> ctx.getBean(SignalPipeline.class));
            assertTrue(rootMessage(e).contains("routescale.exporter.traefik-url: expected http:// or https:// with a host"), rootMessage(e));
            assertTrue(!rootMessage(e).contains("s3cret"), rootMessage(e));
        }
    }

    @Test
    void windowShorterThanTwoIntervalsIsRefused() {
        Map<String, Object> p = base();
        p.put("routescale.exporter.windows", "3s,60s");
        try (ApplicationContext ctx = ApplicationContext.run(p)) {
            Exception e = assertThrows(BeanInstantiationException.class, () -> ctx.getBean(SignalPipeline.class));
            assertTrue(rootMessage(e).contains("routescale.exporter.windows"), rootMessage(e));
        }
    }

    @Test
    void outOfRangeValueIsRefusedByValidation() {
        Map<String, Object> p = base();
        p.put("routescale.exporter.min-window-coverage", "1.5");
        try (ApplicationContext ctx = ApplicationContext.run(p)) {
            Exception e = assertThrows(Exception.class, () -> ctx.getBean(SignalPipeline.class));
            assertTrue(rootMessage(e).contains("minWindowCoverage") || rootMessage(e).contains("min-window-coverage"),
                    rootMessage(e));
        }
    }

    @Test
    void readableByteSizesAreAccepted() {
        Map<String, Object> p = base();
        p.put("routescale.exporter.max-body-bytes", "8MB");
        try (ApplicationContext ctx = ApplicationContext.run(p)) {
            assertEquals(8L << 20, ctx.getBean(io.routescale.exporter.config.ExporterConfig.class).getMaxBodyBytes());
        }
    }

    private static String rootMessage(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
