package io.routescale.exporter.expose;

import io.micronaut.context.annotation.Requires;
import io.routescale.signals.SignalsView;

import io.micronaut.http.MediaType;
import io.micronaut.json.JsonMapper;
import org.reactivestreams.Publisher;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.routescale.exporter.config.ExporterConfig;
import io.routescale.exporter.signal.ExporterState;
import io.routescale.exporter.signal.SignalBoard;

import java.time.Clock;

/** {@code GET /signals}: the current signals as JSON, with their freshness, streamed. Read-only. */
@Requires(property = "routescale.exporter.enabled", notEquals = "false")
@Controller("/signals")
public class SignalsController {
    private final SignalBoard board;
    private final Clock clock;
    private final long staleAfterMillis;
    private final SignalsDocument document;

    public SignalsController(SignalBoard board, Clock clock, ExporterConfig config, JsonMapper json) {
        this.board = board;
        this.clock = clock;
        this.staleAfterMillis = config.getStaleAfter().toMillis();
        this.document = new SignalsDocument(json);
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public Publisher<byte[]> signals() {
        return document.chunks(view());
    }

    /** The document as of now: what {@link #signals()} streams. */
    public SignalsView view() {
        ExporterState state = board.current();
        long now = clock.millis();
        boolean has = state.hasSignals();
        boolean stale = !has || now - state.signals().atMillis() > staleAfterMillis;
        SignalsView.TraefikView traefik = new SignalsView.TraefikView(state.traefikUp(), stale,
                has ? state.ageSeconds(now) : null, has ? state.signals().atMillis() / 1000.0 : null,
                state.lastError() == null ? null : state.lastError().label(), state.lastErrorMessage(),
                state.signals().generation().name());
        return new SignalsView(traefik, state.signals().backends(), state.signals().routes());
    }
}
