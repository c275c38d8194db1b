package io.routescale.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * {@code /metrics}: a {@link MetricsAnswer}, sent chunked while it is written (gzip when the client accepts it,
 * as Prometheus does).
 *
 * <p>Always this format, whatever the client asks for: Prometheus takes any format it knows, whichever it asked
 * for first, and OpenMetrics would put {@code # EOF} between the registry's families and the streamed ones.
 * A failure part-way closes the connection without the chunked body's last chunk, so the scraper sees a broken
 * answer, never a shorter one that reads as complete (the text format has no end marker).
 */
final class StreamingMetricsHandler implements HttpHandler {
    static final String PATH = "/metrics";

    private final MetricsAnswer answer;

    StreamingMetricsHandler(MetricsAnswer answer) {
        this.answer = answer;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().close();
        if (!PATH.equals(exchange.getRequestURI().getPath())) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", PrometheusTextFormatWriter.CONTENT_TYPE);
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            return;
        }
        boolean gzip = acceptsGzip(exchange.getRequestHeaders().get("Accept-Encoding"));
        if (gzip) {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        exchange.sendResponseHeaders(200, 0);
        OutputStream body = gzip ? new GZIPOutputStream(exchange.getResponseBody(), 1 << 16) : exchange.getResponseBody();
        answer.writeTo(body);
        body.close(); // the gzip trailer, then the chunked body's last chunk
        exchange.close();
    }

    static boolean acceptsGzip(List<String> acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String header : acceptEncoding) {
            for (String coding : header.split(",")) {
                String[] parts = coding.trim().split(";");
                if (parts[0].trim().equalsIgnoreCase("gzip") && !refused(parts)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code gzip;q=0} declines gzip (RFC 9110 section 12.5.3). */
    private static boolean refused(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2)) == 0;
                } catch (NumberFormatException e) {
                    return true;
                }
            }
        }
        return false;
    }
}
