package io.routescale.exporter.scrape;

import io.routescale.exporter.parse.ParseStats;
import io.routescale.exporter.parse.RejectReason;
import io.routescale.exporter.traefik.TraefikSnapshot;

/** The result of one scrape of Traefik: a snapshot, or why there is none. */
public sealed interface ScrapeOutcome {
    double durationSeconds();

    record Success(TraefikSnapshot snapshot, ParseStats stats, double durationSeconds) implements ScrapeOutcome {
    }

    record Failure(RejectReason reason, String message, long bytesRead, double durationSeconds)
            implements ScrapeOutcome {
    }
}
