package io.routescale.http;

import java.io.IOException;

/** Metric families a daemon writes straight into its {@code /metrics} answer, after its registry's. */
@FunctionalInterface
public interface StreamedFamilies {
    void writeTo(TextFormatStream out) throws IOException;
}
