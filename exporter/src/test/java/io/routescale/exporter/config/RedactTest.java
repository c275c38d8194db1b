package io.routescale.exporter.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RedactTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://127.0.0.1:9100/metrics | http://127.0.0.1:9100/metrics",
            "http://admin:s3cret@traefik:9100/metrics | http://***@traefik:9100/metrics",
            "https://traefik/metrics?token=abc&x=1&flag | https://traefik/metrics?token=***&x=***&flag",
            "http://user@[::1]:9100/m | http://***@[::1]:9100/m",
            "http://admin:s3cret@/metrics | http://***@/metrics"})
    void passwordsAndTokensNeverShow(String url, String shown) {
        assertEquals(shown, Redact.url(URI.create(url)));
    }
}
