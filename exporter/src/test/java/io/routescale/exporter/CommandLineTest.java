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
}
