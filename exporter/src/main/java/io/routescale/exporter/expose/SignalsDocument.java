package io.routescale.exporter.expose;

import io.micronaut.json.JsonMapper;
import io.routescale.signals.SignalsView;
import io.routescale.signals.TargetSignals;
import reactor.core.publisher.Flux;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code /signals} JSON of one {@link SignalsView}, written a chunk at a time as the reader takes it.
 * At the target cap the whole answer is several MB; serialised at once it was held in direct memory per
 * concurrent reader (issue 13 item 3). Chunks are at most about {@link #CHUNK_BYTES} (plus one target), each
 * made on the subscriber's demand, so a reader holds a few chunks, not the document.
 * The bytes are exactly those of serialising the whole view with the same mapper (tested).
 */
public final class SignalsDocument {
    static final int CHUNK_BYTES = 32 * 1024;

    private final JsonMapper json;

    public SignalsDocument(JsonMapper json) {
        this.json = json;
    }

    /** A cold publisher: each subscriber gets the whole document from its start. */
    public Flux<byte[]> chunks(SignalsView view) {
        return Flux.generate(() -> new Writer(view), (writer, sink) -> {
            byte[] chunk = writer.next();
            if (chunk == null) {
                sink.complete();
            } else {
                sink.next(chunk);
            }
            return writer;
        });
    }

    /** Walks the document: head, then each backend, then each route, then the closing brace. */
    private final class Writer {
        private final SignalsView view;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(CHUNK_BYTES + 4096);
        private int section;   // 0 head, 1 backends, 2 routes, 3 done
        private int index;

        Writer(SignalsView view) {
            this.view = view;
        }

        byte[] next() {
            buffer.reset();
            while (section < 3 && buffer.size() < CHUNK_BYTES) {
                switch (section) {
                    case 0 -> {
                        ascii("{\"traefik\":");
                        write(view.traefik());
                        ascii(",\"backends\":[");
                        section = 1;
                    }
                    case 1 -> {
                        if (!element(view.backends())) {
                            ascii("],\"routes\":[");
                            section = 2;
                            index = 0;
                        }
                    }
                    default -> {
                        if (!element(view.routes())) {
                            ascii("]}");
                            section = 3;
                        }
                    }
                }
            }
            return buffer.size() == 0 ? null : buffer.toByteArray();
        }

        /** Writes the next element of the list; false when there is none left. */
        private boolean element(List<TargetSignals> targets) {
            if (index >= targets.size()) {
                return false;
            }
            if (index > 0) {
                buffer.write(',');
            }
            write(targets.get(index++));
            return true;
        }

        private void write(Object value) {
            try {
                buffer.write(json.writeValueAsBytes(value));
            } catch (IOException e) {
                throw new UncheckedIOException("/signals: could not write " + value.getClass().getSimpleName(), e);
            }
        }

        private void ascii(String text) {
            buffer.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
        }
    }
}
