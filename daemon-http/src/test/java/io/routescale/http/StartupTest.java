package io.routescale.http;

import io.micronaut.context.exceptions.BeanInstantiationException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Issue 13 item 6: a start that fails says why in one line naming the property. */
class StartupTest {
    @Test
    void theInnermostCauseIsTheLine() {
        Exception e = new BeanInstantiationException("Error instantiating bean of type [x]\n\nMessage: ...\nPath Taken: ...",
                new IllegalArgumentException("routescale.exporter.windows: 'abc' is not a duration"));
        assertEquals("routescale-exporter: cannot start: routescale.exporter.windows: 'abc' is not a duration",
                Startup.oneLine("routescale-exporter", "routescale.exporter", e));
    }

    @Test
    void validationViolationsAreNamedByProperty() {
        // Micronaut's message for a @ConfigurationProperties bean that fails validation, as printed by 4.10.
        Exception e = new BeanInstantiationException("""
                Error instantiating bean of type  [io.routescale.exporter.config.ExporterConfig]

                Message: Validation failed for bean definition [io.routescale.exporter.config.ExporterConfig]
                List of constraint violations:[
                \tio.routescale.exporter.config.ExporterConfig.minWindowCoverage - must be less than or equal to 1.0
                \tio.routescale.exporter.config.ExporterConfig.metricsPort - must be less than or equal to 65535
                ]
                Path Taken:
                new @i.m.c.a.ConfigurationProperties("routescale.exporter") i.r.e.c.ExporterConfig()""");
        assertEquals("routescale-exporter: cannot start: routescale.exporter.min-window-coverage: must be less than or equal to 1.0; "
                        + "routescale.exporter.metrics-port: must be less than or equal to 65535",
                Startup.oneLine("routescale-exporter", "routescale.exporter", e));
    }
}
