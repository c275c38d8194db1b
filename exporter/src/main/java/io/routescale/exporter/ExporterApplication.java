package io.routescale.exporter;

import io.micronaut.runtime.Micronaut;

public final class ExporterApplication {
    private ExporterApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(ExporterApplication.class, args);
    }
}
