package io.routescale.http;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.OutputStream;

/** One {@code /metrics} answer in text format 0.0.4: the registry's families, then the streamed ones. */
public final class MetricsAnswer {
    private final PrometheusRegistry registry;
    private final StreamedFamilies families;
    private final PrometheusTextFormatWriter registryWriter = PrometheusTextFormatWriter.create();

    public MetricsAnswer(PrometheusRegistry registry, StreamedFamilies families) {
        this.registry = registry;
        this.families = families;
    }

    /** Writes it and flushes {@code out}, leaving it open. */
    public void writeTo(OutputStream out) throws IOException {
        registryWriter.write(out, registry.scrape());
        TextFormatStream text = new TextFormatStream(out);
        families.writeTo(text);
        text.flush();
    }
}
