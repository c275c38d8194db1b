package io.routescale.autoscaler;

import io.routescale.exporter.testing.ChildJvm;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Issue 13 item 7: asking the jar what it is answers and exits; it never starts the daemon (nor campaigns for a Lease). */
class CommandLineTest {
    @Test
    void versionAndHelpAnswerAndExit() throws Exception {
        ChildJvm.Result version = ChildJvm.run(AutoscalerApplication.class, 60, "--version");
        assertEquals(new ChildJvm.Result(0, "routescale-autoscaler 0.1.0-SNAPSHOT\n"), version);
        ChildJvm.Result help = ChildJvm.run(AutoscalerApplication.class, 60, "-h");
        assertEquals(new ChildJvm.Result(0, "routescale-autoscaler 0.1.0-SNAPSHOT\n" + AutoscalerApplication.USAGE), help);
    }

    /** Issue 13 item 6: a configuration error is one line naming the property, and a non-zero exit; no stack trace. */
    @Test
    void aConfigurationErrorIsOneLineAndExitTwo() throws Exception {
        assertEquals(new ChildJvm.Result(2, "routescale-autoscaler: cannot start: routescale.autoscaler.renew-deadline (PT20S) "
                        + "must be shorter than lease-duration (PT15S)\n"),
                ChildJvm.run(AutoscalerApplication.class, 60, "--routescale.autoscaler.renew-deadline=20s"));
    }
}
