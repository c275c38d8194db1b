package io.routescale.autoscaler;

import io.routescale.http.CommandLine;
import io.routescale.http.Startup;

public final class AutoscalerApplication {
    static final String USAGE = """
            Reads Traefik scale signals, applies the policy in a ConfigMap and scales workloads, explaining each decision.

            usage:
              java -jar routescale-autoscaler.jar                 the daemon (configured by ROUTESCALE_AUTOSCALER_* variables
                                                                  or --routescale.autoscaler.<property>=<value>; docs/autoscaler.md)
              java -jar routescale-autoscaler.jar replay --help   what a policy would have done to a trace (docs/replay.md)
              java -jar routescale-autoscaler.jar --version       the version
            """;

    private AutoscalerApplication() {
    }

    /** {@code replay ...} runs the what-if replay (no cluster needed); {@code --help}, {@code --version} answer; anything else starts the daemon. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("replay")) {
            System.exit(io.routescale.autoscaler.replay.ReplayCommand.run(
                    java.util.Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        int answered = CommandLine.answer("routescale-autoscaler", USAGE, args, System.out);
        if (answered >= 0) {
            System.exit(answered);
        }
        // No ASCII banner (stdout carries JSON log lines in a cluster); a failed start is one line on stderr.
        Startup.run(AutoscalerApplication.class, "routescale-autoscaler", "routescale.autoscaler", args);
    }
}
