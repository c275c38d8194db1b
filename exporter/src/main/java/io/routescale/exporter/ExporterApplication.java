package io.routescale.exporter;

import io.micronaut.runtime.Micronaut;
import io.routescale.http.CommandLine;

public final class ExporterApplication {
    static final String USAGE = """
            Scrapes Traefik's /metrics and serves per-backend and per-route scale signals (/metrics, /signals).

            usage:
              java -jar routescale-exporter.jar             the sidecar (configured by ROUTESCALE_EXPORTER_* variables or
                                                            --routescale.exporter.<property>=<value>; docs/exporter.md)
              java -jar routescale-exporter.jar --version   the version
            """;

    private ExporterApplication() {
    }

    public static void main(String[] args) {
        int answered = CommandLine.answer("routescale-exporter", USAGE, args, System.out);
        if (answered >= 0) {
            System.exit(answered);
        }
        // No ASCII banner: stdout carries JSON log lines in a cluster.
        Micronaut.build(args).mainClass(ExporterApplication.class).banner(false).start();
    }
}
