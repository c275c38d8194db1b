package io.routescale.exporter.window;

import io.routescale.exporter.traefik.HistogramSample;
import io.routescale.exporter.traefik.SeriesKey;
import io.routescale.exporter.traefik.TargetSample;
import io.routescale.exporter.traefik.TraefikGeneration;
import io.routescale.exporter.traefik.TraefikSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowStoreTest {
    private static final SeriesKey OK = new SeriesKey("code=\"200\"", false);
    private static final SeriesKey FAIL = new SeriesKey("code=\"503\"", true);
    private static final Duration TEN = Duration.ofSeconds(10);
    private static final double[] BOUNDS = {0.1, 1, Double.POSITIVE_INFINITY};

    private final WindowStore store = new WindowStore(Duration.ofSeconds(60), Duration.ofSeconds(2));

    /** A scrape at {@code t} seconds holding backend "a" with the given request counters. */
    /** Answers how many targets' counters went backwards in this scrape. */
    private int scrape(double t, Map<SeriesKey, Double> requests) {
        return scrapeTargets(t, Map.of("a", sample("a", requests, Map.of())));
    }

    private int scrapeTargets(double t, Map<String, TargetSample> backends) {
        return store.record(new TraefikSnapshot((long) (t * 1000), backends, Map.of(), TraefikGeneration.V2));
    }

    private static TargetSample sample(String name, Map<SeriesKey, Double> requests, Map<SeriesKey, HistogramSample> latency) {
        return new TargetSample(name, null, requests, latency, Double.NaN, Double.NaN, 0, 0);
    }

    private WindowTotals totals(Duration window) {
        return store.totals(TargetKind.BACKEND, "a", window);
    }

    @Test
    void firstScrapeIsOnlyABaseline() {
        scrape(0, Map.of(OK, 1000.0));
        assertNull(totals(TEN), "nothing is known of the time before the exporter started");
        assertEquals(java.util.Set.of("a"), store.current(TargetKind.BACKEND));
    }

    @Test
    void steadyCounterGivesItsRate() {
        for (int i = 0; i <= 10; i++) {
            scrape(2 * i, Map.of(OK, 1000.0 + 20 * i));
        }
        WindowTotals t = totals(TEN);
        assertEquals(10, t.spanSeconds(), 1e-9);
        assertEquals(100, t.requests(), 1e-9);
        assertEquals(1.0, t.coverage(), 1e-9);
        WindowTotals longer = totals(Duration.ofSeconds(60));
        assertEquals(20, longer.spanSeconds(), 1e-9, "only 20 s of increments exist yet");
        assertEquals(200, longer.requests(), 1e-9);
    }

    @Test
    void counterResetCountsTheNewValueNeverANegative() {
        assertEquals(0, scrape(0, Map.of(OK, 1000.0)));
        assertEquals(0, scrape(2, Map.of(OK, 1020.0)));
        assertEquals(1, scrape(4, Map.of(OK, 6.0)), "the reset is reported");   // Traefik restarted
        assertEquals(0, scrape(6, Map.of(OK, 26.0)));
        WindowTotals t = totals(TEN);
        assertEquals(20 + 6 + 20, t.requests(), 1e-9);
        assertEquals(6, t.spanSeconds(), 1e-9);
    }

    @Test
    void seriesCreatedSinceTheLastScrapeCountsWhole() {
        scrape(0, Map.of(OK, 100.0));
        assertEquals(0, scrape(2, Map.of(OK, 110.0, FAIL, 3.0)), "a new series is not a reset");   // the first 503 ever: Traefik creates the series at 3
        WindowTotals t = totals(TEN);
        assertEquals(13, t.requests(), 1e-9);
        assertEquals(3, t.serverErrors(), 1e-9);
    }

    @Test
    void targetNewSinceTheLastScrapeCountsWhole() {
        scrapeTargets(0, Map.of("b", sample("b", Map.of(OK, 5.0), Map.of())));
        scrapeTargets(2, Map.of("a", sample("a", Map.of(OK, 8.0), Map.of()), "b", sample("b", Map.of(OK, 5.0), Map.of())));
        assertEquals(8, totals(TEN).requests(), 1e-9);
    }

    @Test
    void targetGoneFromTheLatestScrapeHasNoSignals() {
        scrape(0, Map.of(OK, 1.0));
        scrape(2, Map.of(OK, 2.0));
        scrapeTargets(4, Map.of("b", sample("b", Map.of(OK, 1.0), Map.of())));
        assertNull(totals(TEN));
        assertEquals(java.util.Set.of("b"), store.current(TargetKind.BACKEND));
    }

    @Test
    void failedScrapesLeaveAGapNotAZero() {
        scrape(0, Map.of(OK, 0.0));
        scrape(2, Map.of(OK, 20.0));
        // scrapes at 4, 6 and 8 failed: nothing recorded
        scrape(10, Map.of(OK, 100.0));
        WindowTotals t = totals(TEN);
        assertEquals(100, t.requests(), 1e-9);
        assertEquals(10, t.spanSeconds(), 1e-9);
        assertEquals(10, t.requests() / t.spanSeconds(), 1e-9, "the rate over the gap is the average, not 0");
    }

    @Test
    void targetAbsentForSomeScrapesSpansFromWhenItWasLastSeen() {
        scrape(0, Map.of(OK, 0.0));
        scrape(2, Map.of(OK, 20.0));
        scrapeTargets(4, Map.of("b", sample("b", Map.of(OK, 1.0), Map.of())));
        scrape(6, Map.of(OK, 60.0));
        WindowTotals t = totals(TEN);
        assertEquals(60, t.requests(), 1e-9);
        assertEquals(6, t.spanSeconds(), 1e-9);
    }

    @Test
    void targetsReportedNoMoreAreForgottenOnceOutOfTheLongestWindow() {
        scrape(0, Map.of(OK, 0.0));
        for (int i = 1; i <= 40; i++) {
            scrapeTargets(2 * i, Map.of("b", sample("b", Map.of(OK, (double) i), Map.of())));
        }
        scrape(82, Map.of(OK, 5.0));
        WindowTotals t = totals(TEN);
        assertEquals(5, t.requests(), 1e-9, "a forgotten target comes back as new: its value counts whole");
    }

    @Test
    void histogramIncrementsAreSummedAcrossSeriesPerBucket() {
        Map<SeriesKey, HistogramSample> before = new HashMap<>();
        before.put(OK, new HistogramSample(BOUNDS, new double[] {10, 20, 20}, 4, 20));
        before.put(FAIL, new HistogramSample(BOUNDS, new double[] {0, 1, 2}, 3, 2));
        Map<SeriesKey, HistogramSample> after = new HashMap<>();
        after.put(OK, new HistogramSample(BOUNDS, new double[] {15, 30, 31}, 9, 31));
        after.put(FAIL, new HistogramSample(BOUNDS, new double[] {0, 1, 4}, 13, 4));
        scrapeTargets(0, Map.of("a", sample("a", Map.of(), before)));
        scrapeTargets(2, Map.of("a", sample("a", Map.of(), after)));
        WindowTotals t = totals(TEN);
        assertArrayEquals(new double[] {5, 10, 13}, t.bucketCounts(), 1e-9);
        assertEquals(13, t.latencyCount(), 1e-9);
        assertEquals(15, t.latencySum(), 1e-9);
    }

    @Test
    void histogramResetUsesTheNewValues() {
        scrapeTargets(0, Map.of("a", sample("a", Map.of(), Map.of(OK, new HistogramSample(BOUNDS, new double[] {50, 90, 100}, 20, 100)))));
        scrapeTargets(2, Map.of("a", sample("a", Map.of(), Map.of(OK, new HistogramSample(BOUNDS, new double[] {1, 2, 3}, 0.5, 3)))));
        assertArrayEquals(new double[] {1, 2, 3}, totals(TEN).bucketCounts(), 1e-9);
    }

    @Test
    void retriesAreAbsentUntilTraefikReportsThem() {
        scrape(0, Map.of(OK, 0.0));
        scrape(2, Map.of(OK, 2.0));
        assertTrue(Double.isNaN(totals(TEN).retries()));
        scrapeTargets(4, Map.of("a", new TargetSample("a", null, Map.of(OK, 4.0), Map.of(), Double.NaN, 3, 0, 0)));
        assertEquals(3, totals(TEN).retries(), 1e-9);
    }

    @Test
    void openConnectionsGaugeIsAveragedOverTheWindow() {
        scrapeTargets(0, Map.of("a", new TargetSample("a", null, Map.of(), Map.of(), 2, Double.NaN, 0, 0)));
        scrapeTargets(2, Map.of("a", new TargetSample("a", null, Map.of(), Map.of(), 4, Double.NaN, 0, 0)));
        scrapeTargets(4, Map.of("a", new TargetSample("a", null, Map.of(), Map.of(), 8, Double.NaN, 0, 0)));
        assertEquals(6, totals(TEN).openConnections(), 1e-9);
    }
}
