package io.routescale.exporter.demo;

import io.routescale.exporter.testing.Fixtures;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaptureReplayTest {
    private static final String CAPTURE = Fixtures.text("v2.4-covidpass-docker-compose.prom");

    @Test
    void startsAsTheCaptureAndGrowsCountersOnly() {
        CaptureReplay replay = new CaptureReplay(CAPTURE, 1.0);
        String atStart = replay.render(0);
        assertTrue(atStart.contains("traefik_service_requests_total{code=\"200\",method=\"GET\",protocol=\"http\",service=\"covidpass-docker-compose@docker\"} 6\n"));
        String later = replay.render(9.5);
        assertTrue(later.contains("traefik_service_requests_total{code=\"200\",method=\"GET\",protocol=\"http\",service=\"covidpass-docker-compose@docker\"} 60\n"), "6 x (1 + 9)");
        // A gauge keeps its captured value.
        assertTrue(later.contains("traefik_service_open_connections{method=\"GET\",protocol=\"http\",service=\"covidpass-docker-compose@docker\"} 0\n"));
        assertTrue(later.contains("process_start_time_seconds 1.62504854775e+09"));
        assertEquals(Fixtures.sampleLines(CAPTURE), Fixtures.sampleLines(later));
    }

    @Test
    void rejectsNonPositiveSpeed() {
        assertThrows(IllegalArgumentException.class, () -> new CaptureReplay(CAPTURE, 0));
    }
}
