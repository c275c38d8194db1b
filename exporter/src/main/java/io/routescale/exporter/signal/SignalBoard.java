package io.routescale.exporter.signal;

import java.util.concurrent.atomic.AtomicReference;

/** The single hand-off point between the scrape loop (one writer) and the endpoints (many readers). */
public final class SignalBoard {
    private final AtomicReference<ExporterState> state = new AtomicReference<>(ExporterState.INITIAL);

    public ExporterState current() {
        return state.get();
    }

    public void publish(ExporterState next) {
        state.set(next);
    }
}
