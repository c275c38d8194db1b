package io.routescale.exporter.traefik;

import io.routescale.exporter.parse.ExpositionException;
import io.routescale.exporter.parse.ExpositionParser;
import io.routescale.exporter.parse.ParseLimits;
import io.routescale.exporter.parse.RejectReason;
import io.routescale.exporter.testing.Fixtures;
import io.routescale.exporter.testing.SyntheticTraefik;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraefikSnapshotBuilderTest {

    static TraefikSnapshot snapshot(String body) throws Exception {
        TraefikSnapshotBuilder builder = new TraefikSnapshotBuilder(new SeriesKeyPool(1000));
        new ExpositionParser(ParseLimits.DEFAULT).parse(
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), builder);
        return builder.build(1000);
    }

    @Test
    void moreDistinctServicesAndRoutersThanTheCapRejectTheBody() throws Exception {
        String body = """
                traefik_service_requests_total{code="200",method="GET",protocol="http",service="a@kubernetes"} 1
                traefik_service_requests_total{code="503",method="GET",protocol="http",service="a@kubernetes"} 1
                traefik_router_requests_total{code="200",method="GET",protocol="http",router="r@kubernetes",service="a@kubernetes"} 1
                traefik_service_requests_total{code="200",method="GET",protocol="http",service="b@kubernetes"} 1
                """;
        TraefikSnapshotBuilder two = new TraefikSnapshotBuilder(new SeriesKeyPool(1000), 2);
        ExpositionException e = assertThrows(ExpositionException.class, () -> new ExpositionParser(ParseLimits.DEFAULT)
                .parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), two));
        assertEquals(RejectReason.TOO_MANY_TARGETS, e.reason());
        assertTrue(e.getMessage().startsWith("line 4: more than max-targets=2"), e.getMessage());
        TraefikSnapshotBuilder three = new TraefikSnapshotBuilder(new SeriesKeyPool(1000), 3);
        new ExpositionParser(ParseLimits.DEFAULT).parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), three);
        assertEquals(2, three.build(1000).backends().size(), "at the cap is accepted");
    }

    @Test
    void covidpassCaptureHasItsTwoDockerServicesWithTheirCounts() throws Exception {
        TraefikSnapshot s = snapshot(Fixtures.text("v2.4-covidpass-docker-compose.prom"));
        assertEquals(TraefikGeneration.V2, s.generation());
        assertEquals(Set.of("covidpass-docker-compose@docker", "covidpassapinet-docker-compose@docker"), s.backends().keySet());
        assertTrue(s.routes().isEmpty(), "router labels are off in this capture");
        // Every requests_total series of the capture, summed by hand from the file.
        TargetSample web = s.backends().get("covidpass-docker-compose@docker");
        double total = web.requests().values().stream().mapToDouble(Double::doubleValue).sum();
        double expected = Fixtures.text("v2.4-covidpass-docker-compose.prom").lines()
                .filter(l -> l.startsWith("traefik_service_requests_total{") && l.contains("service=\"covidpass-docker-compose@docker\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertEquals(expected, total);
        assertTrue(web.requests().keySet().stream().noneMatch(SeriesKey::serverError));
        HistogramSample any = web.latency().values().iterator().next();
        assertArrayEquals(new double[] {0.1, 0.3, 1.2, 5, Double.POSITIVE_INFINITY}, any.upperBounds());
    }

    @Test
    void v211CaptureHasTheInternalPrometheusRouter() throws Exception {
        TraefikSnapshot s = snapshot(Fixtures.text("v2.11-predictora-site.prom"));
        assertEquals(Set.of("prometheus@internal"), s.routes().keySet());
        assertEquals("prometheus@internal", s.routes().get("prometheus@internal").service());
        assertTrue(s.backends().isEmpty());
    }

    @Test
    void entrypointOnlyCaptureHasNoTargets() throws Exception {
        TraefikSnapshot s = snapshot(Fixtures.text("v2.2.1-netdata-godplugin-entrypoints.prom"));
        assertTrue(s.backends().isEmpty());
        assertTrue(s.routes().isEmpty());
        assertEquals(TraefikGeneration.V2, s.generation());
    }

    @Test
    void meshProxyCaptureHasItsReadinessService() throws Exception {
        TraefikSnapshot s = snapshot(Fixtures.text("v2.6-datadog-traefik-mesh-proxy.prom"));
        assertEquals(Set.of("readiness@http"), s.backends().keySet());
    }

    @Test
    void editedKubernetesCaptureYieldsItsServiceAndRouterNames() throws Exception {
        TraefikSnapshot s = snapshot(Fixtures.text("v2.4-hub-agent-kubernetes-EDITED.prom"));
        assertTrue(s.backends().containsKey("default-whoami-80@kubernetes"));
        assertTrue(s.backends().containsKey("default-myIngressRoute-6f97418635c7e18853da@kubernetescrd"));
        assertTrue(s.routes().containsKey("myIngress-default-example-com@kubernetes"));
        assertTrue(s.routes().keySet().stream().anyMatch(r -> r.startsWith("websecure-")));
        // 500s are server errors; the 400s of the same capture are not.
        assertTrue(s.backends().get("default-whoami2-80@kubernetes").requests().keySet().stream()
                .allMatch(SeriesKey::serverError));
        assertTrue(s.backends().get("default-whoami-80@kubernetes").requests().keySet().stream()
                .noneMatch(SeriesKey::serverError));
    }

    @Test
    void v3BodyIsRecognisedAndHasNoConcurrencyGauge() throws Exception {
        SyntheticTraefik v3 = new SyntheticTraefik(List.of(new SyntheticTraefik.Backend("default-web-80@kubernetes", 10, 0.1, 0.05, 0)),
                SyntheticTraefik.Generation.V3, true);
        TraefikSnapshot s = snapshot(v3.render(100));
        assertEquals(TraefikGeneration.V3, s.generation());
        TargetSample web = s.backends().get("default-web-80@kubernetes");
        assertTrue(Double.isNaN(web.openConnections()));
        assertEquals(3, web.requests().size(), "codes 200, 499 and 503");
        assertEquals(1, web.requests().keySet().stream().filter(SeriesKey::serverError).count(), "only 503 is an error");
        assertEquals(1, s.routes().size());
    }

    @Test
    void headerLabelsKeepSeriesApart() throws Exception {
        String body = """
                traefik_service_requests_total{code="200",method="GET",protocol="http",service="a@file",tenant="x"} 5
                traefik_service_requests_total{code="200",method="GET",protocol="http",service="a@file",tenant="y"} 7
                """;
        assertEquals(2, snapshot(body).backends().get("a@file").requests().size());
    }

    @Test
    void retriesAndHealthChecksAreCollected() throws Exception {
        String body = """
                traefik_service_retries_total{service="a@file"} 4
                traefik_service_server_up{service="a@file",url="http://10.0.0.1:80"} 1
                traefik_service_server_up{service="a@file",url="http://10.0.0.2:80"} 0
                """;
        TargetSample a = snapshot(body).backends().get("a@file");
        assertEquals(4, a.retries());
        assertEquals(1, a.serversUp());
        assertEquals(2, a.serversReported());
    }

    @Test
    void histogramWithoutInfBucketRejectsTheBody() {
        String body = """
                traefik_service_request_duration_seconds_bucket{code="200",method="GET",protocol="http",service="a@file",le="0.1"} 1
                traefik_service_request_duration_seconds_count{code="200",method="GET",protocol="http",service="a@file"} 1
                """;
        ExpositionException e = assertThrows(ExpositionException.class, () -> snapshot(body));
        assertEquals(RejectReason.INCONSISTENT, e.reason());
    }

    @Test
    void negativeCounterRejectsTheBodyWithItsLine() {
        String body = "traefik_service_requests_total{code=\"200\",method=\"GET\",protocol=\"http\",service=\"a@file\"} 1\n"
                + "traefik_service_requests_total{code=\"500\",method=\"GET\",protocol=\"http\",service=\"a@file\"} -1\n";
        ExpositionException e = assertThrows(ExpositionException.class, () -> snapshot(body));
        assertEquals(RejectReason.INCONSISTENT, e.reason());
        assertEquals(2, e.line());
    }

    @Test
    void sampleWithoutServiceLabelRejectsTheBody() {
        ExpositionException e = assertThrows(ExpositionException.class,
                () -> snapshot("traefik_service_requests_total{code=\"200\"} 1\n"));
        assertEquals(RejectReason.INCONSISTENT, e.reason());
    }

    @Test
    void duplicateSeriesRejectsTheBody() {
        String line = "traefik_service_requests_total{code=\"200\",method=\"GET\",protocol=\"http\",service=\"a@file\"} 1\n";
        assertThrows(ExpositionException.class, () -> snapshot(line + line));
    }

    private static final String HISTOGRAM = """
            traefik_service_request_duration_seconds_bucket{code="200",method="GET",protocol="http",service="a@file",le="0.1"} 70
            traefik_service_request_duration_seconds_bucket{code="200",method="GET",protocol="http",service="a@file",le="+Inf"} 100
            traefik_service_request_duration_seconds_sum{code="200",method="GET",protocol="http",service="a@file"} 7.5
            traefik_service_request_duration_seconds_count{code="200",method="GET",protocol="http",service="a@file"} 100
            """;

    @Test
    void aConsistentHistogramIsAccepted() throws Exception {
        HistogramSample h = snapshot(HISTOGRAM).backends().get("a@file").latency().values().iterator().next();
        assertEquals(100, h.count());
        assertEquals(7.5, h.sum());
        assertArrayEquals(new double[] {70, 100}, h.cumulativeCounts());
    }

    /**
     * Histograms share their bucket layout's array, read against the last one: the same layout (even written out
     * of order) is one array; one that differs part-way, has fewer or more buckets gets its own, with its own
     * values; a prefix of the layout without +Inf is still refused.
     */
    @Test
    void bucketLayoutsAreSharedWhereTheyAgreeAndKeptApartWhereTheyDiffer() throws Exception {
        String body = histogram("a@file", "0.1:1", "0.3:2", "1.2:3", "+Inf:4")
                + histogram("b@file", "0.1:5", "0.5:6", "1.2:7", "+Inf:8")          // differs at the 2nd bucket
                + histogram("c@file", "+Inf:12", "1.2:11", "0.3:10", "0.1:9")      // a's layout, out of order
                + histogram("d@file", "0.1:1", "0.3:2", "+Inf:3")                  // fewer buckets
                + histogram("e@file", "0.1:1", "0.3:2", "1.2:3", "5:4", "+Inf:5")  // more buckets
                + histogram("f@file", "0.1:13", "0.3:14", "1.2:15", "+Inf:16");    // a's layout, in order
        TraefikSnapshot s = snapshot(body);
        HistogramSample a = only(s, "a@file");
        assertArrayEquals(new double[] {0.1, 0.3, 1.2, Double.POSITIVE_INFINITY}, a.upperBounds());
        assertArrayEquals(new double[] {0.1, 0.5, 1.2, Double.POSITIVE_INFINITY}, only(s, "b@file").upperBounds());
        assertArrayEquals(new double[] {5, 6, 7, 8}, only(s, "b@file").cumulativeCounts());
        assertArrayEquals(new double[] {9, 10, 11, 12}, only(s, "c@file").cumulativeCounts());
        assertArrayEquals(new double[] {0.1, 0.3, Double.POSITIVE_INFINITY}, only(s, "d@file").upperBounds());
        assertArrayEquals(new double[] {0.1, 0.3, 1.2, 5, Double.POSITIVE_INFINITY}, only(s, "e@file").upperBounds());
        assertArrayEquals(new double[] {13, 14, 15, 16}, only(s, "f@file").cumulativeCounts());
        org.junit.jupiter.api.Assertions.assertSame(a.upperBounds(), only(s, "c@file").upperBounds(), "one array for one layout");
        org.junit.jupiter.api.Assertions.assertSame(a.upperBounds(), only(s, "f@file").upperBounds());
        ExpositionException cut = assertThrows(ExpositionException.class,
                () -> snapshot(histogram("a@file", "0.1:1", "0.3:2", "1.2:3", "+Inf:4") + histogram("g@file", "0.1:1", "0.3:2")));
        assertTrue(cut.getMessage().contains("latency histogram of g@file"), cut.getMessage());
        assertTrue(cut.getMessage().contains("has no le=\"+Inf\" bucket"), cut.getMessage());
    }

    /** Bucket lines of one backend's histogram, {@code le:count} each. */
    private static String histogram(String service, String... buckets) {
        StringBuilder out = new StringBuilder();
        for (String b : buckets) {
            String[] parts = b.split(":");
            out.append("traefik_service_request_duration_seconds_bucket{code=\"200\",method=\"GET\",protocol=\"http\",service=\"")
                    .append(service).append("\",le=\"").append(parts[0]).append("\"} ").append(parts[1]).append('\n');
        }
        return out.toString();
    }

    private static HistogramSample only(TraefikSnapshot s, String backend) {
        return s.backends().get(backend).latency().values().iterator().next();
    }

    /** Issue 13 item 5: a second _count line used to replace the first (mean latency 10 s where 0.075 s is true). */
    @Test
    void aDuplicatedHistogramCountOrSumLineRejectsTheBody() {
        for (String family : List.of("_count", "_sum")) {
            String again = HISTOGRAM.lines().filter(l -> l.contains(family + "{")).findFirst().orElseThrow()
                    .replaceAll(" [0-9.]+$", " 1000") + "\n";
            ExpositionException e = assertThrows(ExpositionException.class, () -> snapshot(HISTOGRAM + again), family);
            assertEquals(RejectReason.INCONSISTENT, e.reason(), family);
            assertTrue(e.getMessage().contains("duplicate series traefik_service_request_duration_seconds" + family), e.getMessage());
        }
    }

    @Test
    void aHistogramWhoseCountIsNotItsInfBucketOrWhoseBucketsFallRejectsTheBody() {
        ExpositionException count = assertThrows(ExpositionException.class,
                () -> snapshot(HISTOGRAM.replace("_count{code=\"200\",method=\"GET\",protocol=\"http\",service=\"a@file\"} 100",
                        "_count{code=\"200\",method=\"GET\",protocol=\"http\",service=\"a@file\"} 1000")));
        assertEquals(RejectReason.INCONSISTENT, count.reason());
        assertTrue(count.getMessage().contains("has _count 1000.0 but its le=\"+Inf\" bucket is 100.0"), count.getMessage());
        ExpositionException falling = assertThrows(ExpositionException.class,
                () -> snapshot(HISTOGRAM.replace("le=\"0.1\"} 70", "le=\"0.1\"} 170")));
        assertEquals(RejectReason.INCONSISTENT, falling.reason());
        assertTrue(falling.getMessage().contains("is not cumulative: le=\"Infinity\" holds fewer than le=\"0.1\""), falling.getMessage());
    }

    /** Issue 13 item 5: a counter of 1e39 is beyond a float, and /signals wrote "Infinity". */
    @Test
    void aCounterPastTwoToTheFiftyThirdRejectsTheBody() throws Exception {
        String at = "traefik_service_requests_total{code=\"200\",method=\"GET\",protocol=\"http\",service=\"a@file\"} ";
        assertEquals(9007199254740992.0, snapshot(at + "9007199254740992\n").backends().get("a@file").requests().values().iterator().next());
        for (String value : List.of("1e39", "9007199254740994", "+Inf")) {
            ExpositionException e = assertThrows(ExpositionException.class, () -> snapshot(at + value + "\n"), value);
            assertEquals(RejectReason.INCONSISTENT, e.reason(), value);
            assertTrue(e.getMessage().contains("expected a non-negative number of at most 2^53"), e.getMessage());
        }
    }

    @Test
    void theProcessStartTimeIsKeptToTellARestartFromAGlitch() throws Exception {
        String body = "process_start_time_seconds 1.78273021146e+09\n"
                + "traefik_service_requests_total{code=\"200\",method=\"GET\",protocol=\"http\",service=\"a@file\"} 1\n";
        assertEquals(1.78273021146e9, snapshot(body).processStartSeconds());
        assertTrue(Double.isNaN(snapshot(body.substring(body.indexOf('\n') + 1)).processStartSeconds()));
        assertEquals(1.62504854775e9, snapshot(Fixtures.text("v2.4-covidpass-docker-compose.prom")).processStartSeconds());
    }
}
