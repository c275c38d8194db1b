package io.routescale.exporter;

import io.routescale.http.CommandLine;
import io.routescale.http.Startup;

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
        // No ASCII banner (stdout carries JSON log lines in a cluster); a failed start is one line on stderr.
        Startup.run(ExporterApplication.class, "routescale-exporter", "routescale.exporter", args);
    }
}
