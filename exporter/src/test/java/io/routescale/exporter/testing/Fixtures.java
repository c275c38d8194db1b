package io.routescale.exporter.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The real Traefik captures in {@code src/test/resources/fixtures/traefik} (see SOURCES.md there). */
public final class Fixtures {
    public static final List<String> CAPTURES = List.of(
            "v2.11-predictora-site.prom",
            "v2.2.1-netdata-godplugin-entrypoints.prom",
            "v2.4-covidpass-docker-compose.prom",
            "v2.4-hub-agent-kubernetes-EDITED.prom",
            "v2.6-datadog-traefik-mesh-proxy.prom");

    private Fixtures() {
    }

    /** For {@code @MethodSource}. */
    public static List<String> captures() {
        return CAPTURES;
    }

    public static byte[] bytes(String capture) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/traefik/" + capture)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + capture);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String capture) {
        return new String(bytes(capture), StandardCharsets.UTF_8);
    }

    /** Sample lines as a person would count them: non-blank, not a comment. */
    public static long sampleLines(String body) {
        return body.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
    }
}
