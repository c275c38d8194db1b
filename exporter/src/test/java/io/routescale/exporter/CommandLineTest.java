package io.routescale.exporter;

import io.routescale.exporter.testing.ChildJvm;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Issue 13 item 7: asking the jar what it is answers and exits; it never starts the sidecar. */
class CommandLineTest {
    @Test
    void versionAndHelpAnswerAndExit() throws Exception {
        ChildJvm.Result version = ChildJvm.run(ExporterApplication.class, 60, "--version");
        assertEquals(new ChildJvm.Result(0, "routescale-exporter 0.1.0-SNAPSHOT\n"), version);
        ChildJvm.Result help = ChildJvm.run(ExporterApplication.class, 60, "--help");
        assertEquals(new ChildJvm.Result(0, "routescale-exporter 0.1.0-SNAPSHOT\n" + ExporterApplication.USAGE), help);
    }

    /** Issue 13 item 6: a configuration error is one line naming the property, and a non-zero exit; no stack trace. */
    @Test
    void aConfigurationErrorIsOneLineAndExitTwo() throws Exception {
        assertEquals(new ChildJvm.Result(2, "routescale-exporter: cannot start: routescale.exporter.windows: 'abc' is not a "
                        + "duration (allowed: a whole number and ms, s, m or h, e.g. 10s, 1m)\n"),
                ChildJvm.run(ExporterApplication.class, 60, "--routescale.exporter.windows=10s,abc"));
        assertEquals(new ChildJvm.Result(2, "routescale-exporter: cannot start: routescale.exporter.min-window-coverage: must be "
                        + "less than or equal to 1.0\n"),
                ChildJvm.run(ExporterApplication.class, 60, "--routescale.exporter.min-window-coverage=1.5"));
    }
}
