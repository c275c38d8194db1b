package io.routescale.exporter;

import io.micronaut.runtime.Micronaut;

public final class ExporterApplication {
    private ExporterApplication() {
    }

    public static void main(String[] args) {
        // No ASCII banner: stdout carries JSON log lines in a cluster.
        Micronaut.build(args).mainClass(ExporterApplication.class).banner(false).start();
    }
}
