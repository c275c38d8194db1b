package io.routescale.autoscaler;

import io.micronaut.runtime.Micronaut;

public final class AutoscalerApplication {
    private AutoscalerApplication() {
    }

    /** {@code replay ...} runs the what-if replay (no cluster needed); anything else starts the daemon. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("replay")) {
            System.exit(io.routescale.autoscaler.replay.ReplayCommand.run(
                    java.util.Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        // No ASCII banner: stdout carries JSON log lines in a cluster.
        Micronaut.build(args).mainClass(AutoscalerApplication.class).banner(false).start();
    }
}
