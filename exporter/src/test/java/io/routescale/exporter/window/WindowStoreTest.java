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
    private static final SeriesKey OK = SeriesKey.of("code=\"200\"", false);
    private static final SeriesKey FAIL = SeriesKey.of("code=\"503\"", true);
    private static final Duration TEN = Duration.ofSeconds(10);
    private static final double[] BOUNDS = {0.1, 1, Double.POSITIVE_INFINITY};

    private final WindowStore store = new WindowStore(Duration.ofSeconds(60), Duration.ofSeconds(2));

    private static final WindowStore.Recorded QUIET = new WindowStore.Recorded(false, 0);
    private static final WindowStore.Recorded RESTART = new WindowStore.Recorded(true, 0);
    private static final double STARTED = 1.7e9;

    /** A scrape at {@code t} seconds holding backend "a" with the given request counters (no process start time). */
    private WindowStore.Recorded scrape(double t, Map<SeriesKey, Double> requests) {
        return scrapeTargets(t, Map.of("a", sample("a", requests, Map.of())));
    }

    private WindowStore.Recorded scrapeTargets(double t, Map<String, TargetSample> backends) {
        return store.record(new TraefikSnapshot((long) (t * 1000), backends, Map.of(), TraefikGeneration.V2));
    }

    /** The same from a Traefik that reports {@code process_start_time_seconds}. */
    private WindowStore.Recorded scrape(double t, double processStart, Map<SeriesKey, Double> requests) {
        return store.record(new TraefikSnapshot((long) (t * 1000), Map.of("a", sample("a", requests, Map.of())), Map.of(),
                TraefikGeneration.V3, processStart));
    }

    private static SeriesKey key(String code, String method) {
        return SeriesKey.of("code=\"" + code + "\",method=\"" + method + "\"", code.startsWith("5"));
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
        assertEquals(QUIET, scrape(0, Map.of(OK, 1000.0)));
        assertEquals(QUIET, scrape(2, Map.of(OK, 1020.0)));
        assertEquals(RESTART, scrape(4, Map.of(OK, 6.0)), "every series it has went back: a restart");   // Traefik restarted
        assertEquals(QUIET, scrape(6, Map.of(OK, 26.0)));
        WindowTotals t = totals(TEN);
        assertEquals(20 + 6 + 20, t.requests(), 1e-9);
        assertEquals(6, t.spanSeconds(), 1e-9);
    }

    @Test
    void seriesCreatedSinceTheLastScrapeCountsWhole() {
        scrape(0, Map.of(OK, 100.0));
        assertEquals(QUIET, scrape(2, Map.of(OK, 110.0, FAIL, 3.0)), "a new series is not a reset");   // the first 503 ever: Traefik creates the series at 3
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

    // ---- issue 13 item 4: one bad series is not traffic -------------------------------------------------

    /** A request counter that went back by 1 on each scrape read as 4,545,511 rps (true 105). */
    @Test
    void aCounterGoingBackAloneCountsNothingAndIsCountedAsAGlitch() {
        SeriesKey odd = key("200", "POST");
        assertEquals(QUIET, scrape(0, STARTED, Map.of(OK, 0.0, odd, 1_000_000.0)));
        for (int i = 1; i <= 5; i++) {
            assertEquals(new WindowStore.Recorded(false, 1), scrape(2 * i, STARTED, Map.of(OK, 210.0 * i, odd, 1_000_000.0 - i)), "scrape " + i);
        }
        WindowTotals t = totals(TEN);
        assertEquals(5 * 210, t.requests(), 1e-9, "only the healthy series' requests");
        assertEquals(105, t.requests() / t.spanSeconds(), 1e-9);
    }

    @Test
    void aChangedProcessStartIsARestartEvenWhereACounterGrew() {
        scrape(0, STARTED, Map.of(OK, 100.0));
        scrape(2, STARTED, Map.of(OK, 120.0));
        // A busy new process counted past the old value before the first scrape after the restart.
        assertEquals(RESTART, scrape(4, STARTED + 3, Map.of(OK, 150.0)));
        assertEquals(20 + 150, totals(TEN).requests(), 1e-9, "the new process' whole count, not 150 - 120");
        assertEquals(QUIET, scrape(6, STARTED + 3, Map.of(OK, 170.0)));
    }

    @Test
    void aSameProcessStartIsNoRestartEvenWhenEveryCounterWentBack() {
        scrape(0, STARTED, Map.of(OK, 100.0));
        assertEquals(new WindowStore.Recorded(false, 1), scrape(2, STARTED, Map.of(OK, 5.0)));
        assertEquals(0, totals(TEN).requests(), 1e-9);
    }

    @Test
    void withoutAProcessStartMostSeriesGoingBackIsARestartAndAFewAreGlitches() {
        SeriesKey a = key("200", "GET");
        SeriesKey b = key("200", "POST");
        SeriesKey c = key("404", "GET");
        scrape(0, Map.of(a, 100.0, b, 100.0, c, 100.0));
        assertEquals(new WindowStore.Recorded(false, 1), scrape(2, Map.of(a, 110.0, b, 110.0, c, 50.0)), "one of three");
        assertEquals(20, totals(TEN).requests(), 1e-9);
        assertEquals(RESTART, scrape(4, Map.of(a, 3.0, b, 4.0, c, 60.0)), "two of three: a restart; every value counts whole");
        assertEquals(20 + 3 + 4 + 60, totals(TEN).requests(), 1e-9);
    }

    /** A series missing from every other scrape read as up to 1,621 rps: each return counted whole. */
    @Test
    void aSeriesMissingFromEveryOtherScrapeIsComparedWithItsLastValueNotCountedWhole() {
        SeriesKey flaky = key("200", "POST");
        double served = 0;
        scrape(0, STARTED, Map.of(OK, 0.0, flaky, 50_000.0));
        for (int i = 1; i <= 5; i++) {
            Map<SeriesKey, Double> now = i % 2 == 1 ? Map.of(OK, 20.0 * i) : Map.of(OK, 20.0 * i, flaky, 50_000.0 + 10 * i);
            assertEquals(QUIET, scrape(2 * i, STARTED, now), "scrape " + i);
            served += 20 + (i % 2 == 0 ? 20 : 0);   // flaky grows 10 per scrape; its growth lands when it is seen
        }
        assertEquals(served, totals(TEN).requests(), 1e-9);
        assertEquals(100 + 40, totals(TEN).requests(), 1e-9);
    }

    @Test
    void aVanishedSeriesReturningAfterARestartIsNew() {
        SeriesKey flaky = key("200", "POST");
        scrape(0, STARTED, Map.of(OK, 0.0, flaky, 50_000.0));
        scrape(2, STARTED, Map.of(OK, 20.0));
        assertEquals(RESTART, scrape(4, STARTED + 3, Map.of(OK, 5.0)));
        scrape(6, STARTED + 3, Map.of(OK, 15.0, flaky, 7.0));
        assertEquals(20 + 5 + 10 + 7, totals(TEN).requests(), 1e-9, "the new process' series is 7, not 7 - 50,000");
    }

    @Test
    void aVanishedSeriesIsForgottenOnceOutOfTheLongestWindow() {
        SeriesKey flaky = key("200", "POST");
        scrape(0, STARTED, Map.of(OK, 0.0, flaky, 500.0));
        for (int i = 1; i <= 40; i++) {
            scrape(2 * i, STARTED, Map.of(OK, (double) i));
        }
        scrape(82, STARTED, Map.of(OK, 41.0, flaky, 3.0));
        assertEquals(1 + 3, totals(Duration.ofSeconds(2)).requests(), 1e-9, "deleted by Traefik long ago and created anew: counts whole");
    }

    @Test
    void aHistogramGoingBackAloneCountsNothing() {
        Map<SeriesKey, HistogramSample> before = Map.of(OK, new HistogramSample(BOUNDS, new double[] {10, 20, 20}, 4, 20),
                FAIL, new HistogramSample(BOUNDS, new double[] {0, 1, 2}, 3, 2));
        Map<SeriesKey, HistogramSample> after = Map.of(OK, new HistogramSample(BOUNDS, new double[] {15, 30, 31}, 9, 31),
                FAIL, new HistogramSample(BOUNDS, new double[] {0, 1, 1}, 2, 1));
        store.record(new TraefikSnapshot(0, Map.of("a", sample("a", Map.of(), before)), Map.of(), TraefikGeneration.V2, STARTED));
        assertEquals(new WindowStore.Recorded(false, 1), store.record(
                new TraefikSnapshot(2000, Map.of("a", sample("a", Map.of(), after)), Map.of(), TraefikGeneration.V2, STARTED)));
        assertArrayEquals(new double[] {5, 10, 11}, totals(TEN).bucketCounts(), 1e-9);
        assertEquals(11, totals(TEN).latencyCount(), 1e-9);
    }
}
