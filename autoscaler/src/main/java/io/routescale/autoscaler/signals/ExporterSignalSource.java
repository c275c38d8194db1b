package io.routescale.autoscaler.signals;

import io.micronaut.serde.ObjectMapper;
import io.routescale.autoscaler.policy.SignalSelector;
import io.routescale.signals.SignalsView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The fast path: every Traefik replica's exporter is asked for its {@code /signals} at once, and the answers
 * are summed ({@link ReplicaSum}). A replica that does not answer in time, answers badly or answers with
 * stale signals makes the result incomplete (a lower bound), never smaller.
 */
public final class ExporterSignalSource implements SignalSource {
    private static final Logger LOG = LoggerFactory.getLogger(ExporterSignalSource.class);
    private static final int MAX_DOCUMENT_BYTES = 32 << 20;

    private final Supplier<List<URI>> endpoints;
    private final HttpClient http;
    private final Duration timeout;
    private final ObjectMapper json;
    private volatile int lastUnanswered;
    private volatile java.util.OptionalDouble lastAge = java.util.OptionalDouble.empty();

    /** @param endpoints the {@code /signals} URL of every Traefik replica that should answer now */
    public ExporterSignalSource(Supplier<List<URI>> endpoints, HttpClient http, Duration timeout, ObjectMapper json) {
        this.endpoints = endpoints;
        this.http = http;
        this.timeout = timeout;
        this.json = json;
    }

    @Override
    public Map<SignalSelector, SelectorValues> read(Set<SignalSelector> wanted) {
        List<URI> urls = endpoints.get();
        List<CompletableFuture<SignalsView>> calls = new ArrayList<>(urls.size());
        for (URI url : urls) {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Accept", "application/json").GET().build();
            calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                    .thenApply(response -> parse(url, response)));
        }
        List<SignalsView> documents = new ArrayList<>();
        int unanswered = 0;
        for (int i = 0; i < calls.size(); i++) {
            try {
                SignalsView view = calls.get(i).orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).join();
                if (view.traefik().stale()) {
                    unanswered++;
                    LOG.debug("{}: signals are stale ({})", urls.get(i), view.traefik().lastErrorMessage());
                } else {
                    documents.add(view);
                }
            } catch (RuntimeException e) {
                unanswered++;
                LOG.debug("{}: no signals: {}", urls.get(i), e.getMessage());
            }
        }
        if (unanswered > 0 && unanswered != lastUnanswered) {
            LOG.warn("{} of {} exporters gave no fresh signals: values are lower bounds, nothing scales down", unanswered, urls.size());
        }
        lastUnanswered = unanswered;
        lastAge = documents.stream().map(v -> v.traefik().ageSeconds()).filter(java.util.Objects::nonNull)
                .mapToDouble(Double::doubleValue).max();
        return ReplicaSum.combine(documents, unanswered, wanted);
    }

    private SignalsView parse(URI url, HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode());
            }
            byte[] body = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
            if (body.length > MAX_DOCUMENT_BYTES) {
                throw new IllegalStateException("document larger than " + MAX_DOCUMENT_BYTES + " bytes");
            }
            return json.readValue(body, SignalsView.class);
        } catch (IOException e) {
            throw new IllegalStateException(url + ": unreadable signals: " + e.getMessage(), e);
        }
    }

    /** Exporters that gave no fresh answer in the last read. */
    public int lastUnanswered() {
        return lastUnanswered;
    }

    @Override
    public java.util.OptionalDouble lastAgeSeconds() {
        return lastAge;
    }

    @Override
    public String name() {
        return "exporters";
    }
}
