package io.routescale.autoscaler.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyParserTest {
    private final PolicyParser parser = new PolicyParser();

    @Test
    void documentedExampleIsValidAndMeansWhatItSays() throws Exception {
        Policy policy = parser.parse(Files.readString(Path.of("policy-example.yaml")));
        assertEquals(5, policy.targets().size());

        TargetPolicy cart = policy.targets().get(0);
        assertEquals(new Objective(0.25, 0.01, 0.95, null), cart.objective());
        assertEquals(30, cart.maxReplicas());
        assertEquals(SignalKind.LEARNED_RPS_PER_REPLICA, cart.signals().get(0).kind());

        TargetPolicy web = policy.targets().get(1);
        assertEquals(new TargetRef("shop", "web", "apps/v1", "Deployment"), web.target());
        assertEquals(Mode.DIRECT, web.mode());
        assertEquals(1, web.minReplicas());
        assertEquals(20, web.maxReplicas());
        assertEquals(List.of(
                SignalRule.of(SignalKind.RPS_PER_REPLICA, new SignalSelector(false, "shop", "web"), 60),
                SignalRule.of(SignalKind.P99_LATENCY, new SignalSelector(false, "shop", "web"), 0.3),
                SignalRule.of(SignalKind.ERROR_RATIO_GUARD, new SignalSelector(false, "shop", "web"), 0.05)), web.signals());
        assertEquals(Behavior.HPA_DEFAULT_UP, web.scaleUp());
        assertEquals(Behavior.HPA_DEFAULT_DOWN, web.scaleDown());
        assertEquals(new Burst(true, 2.0, Duration.ofSeconds(60)), web.burst());
        assertEquals(MissingSignals.HOLD, web.missing());
        assertFalse(web.dryRun());

        TargetPolicy checkout = policy.targets().get(2);
        assertEquals(Mode.HPA, checkout.mode());
        assertEquals("checkout", checkout.hpaName());
        assertEquals(new MissingSignals(MissingSignals.Action.FALLBACK, 3), checkout.missing());
        assertEquals(new SignalSelector(false, "shop", "checkout-api"), checkout.signals().get(0).source());

        TargetPolicy search = policy.targets().get(3);
        assertEquals(Mode.HPA, search.mode());
        assertEquals("routescale_backend_requests_per_second", search.hpaMetric());
        assertEquals(new Objective(0.2, 0.01, 0.95, null), search.objective());
        assertNull(checkout.hpaMetric(), "without it only the floor is written");

        TargetPolicy thumbs = policy.targets().get(4);
        assertEquals("StatefulSet", thumbs.target().kind());
        assertTrue(thumbs.dryRun());
        assertEquals(new SignalSelector(true, "media", "images"), thumbs.signals().get(0).source());
    }

    @Test
    void emptyDocumentIsAnEmptyPolicy() throws Exception {
        assertEquals(Policy.EMPTY, parser.parse(""));
        assertEquals(Policy.EMPTY, parser.parse("targets: []"));
    }

    @Test
    void globalDryRunWinsOverTargets() throws Exception {
        Policy p = parser.parse("""
                dryRun: true
                targets:
                  - {namespace: a, name: b, dryRun: false, signals: [{type: rpsPerReplica, target: 1}]}
                """);
        assertTrue(p.targets().get(0).dryRun());
    }

    static Stream<Arguments> invalid() {
        String ok = "signals: [{type: rpsPerReplica, target: 10}]";
        return Stream.of(
                Arguments.of("targets:\n  - {namespace: a, name: b, minReplicas: 5, maxReplicas: 3, " + ok + "}",
                        "targets[0].minReplicas: is 5, above maxReplicas 3"),
                Arguments.of("targets:\n  - {namespace: a, name: b, minReplica: 2, " + ok + "}",
                        "targets[0].minReplica: unknown field"),
                Arguments.of("targets:\n  - {namespace: a, name: b, signals: [{type: rps, target: 10}]}",
                        "targets[0].signals[0].type: unknown 'rps'"),
                Arguments.of("targets:\n  - {namespace: a, name: b, signals: [{type: rpsPerReplica, target: -3}]}",
                        "targets[0].signals[0].target: expected a number above 0.0, got a number '-3'"),
                Arguments.of("targets:\n  - {namespace: a, name: b, signals: [{type: rpsPerReplica}]}",
                        "targets[0].signals[0].target: missing"),
                Arguments.of("targets:\n  - {namespace: a, name: b, signals: [{type: errorRatioGuard, maxRatio: 2}]}",
                        "targets[0].signals[0].maxRatio: expected a number above 0.0 and at most 1.0"),
                Arguments.of("targets:\n  - {namespace: a, name: b, signals: [{type: errorRatioGuard, maxRatio: 0.1}]}",
                        "targets[0].signals: needs at least one of rpsPerReplica"),
                Arguments.of("targets:\n  - {namespace: a, name: b, mode: hpa, " + ok + "}",
                        "targets[0].hpa: mode 'hpa' needs the name"),
                Arguments.of("targets:\n  - {namespace: a, name: b, mode: hpa, hpa: b, hpaMetric: rps, " + ok + "}",
                        "targets[0].hpaMetric: only used with mode 'hpa' and an objective"),
                Arguments.of("targets:\n  - {namespace: a, name: b, hpaMetric: rps, objective: {p99Latency: 0.2}}",
                        "targets[0].hpaMetric: only used with mode 'hpa' and an objective"),
                Arguments.of("targets:\n  - {namespace: a, name: b, mode: hpa, hpa: b, hpaMetric: 'rps/s', objective: {p99Latency: 0.2}}",
                        "targets[0].hpaMetric: expected a metric name (letters, digits, '_', ':'; not starting with a digit), got 'rps/s'"),
                Arguments.of("targets:\n  - {namespace: a, name: b, mode: sideways, " + ok + "}",
                        "targets[0].mode: expected 'direct' or 'hpa', got 'sideways'"),
                Arguments.of("targets:\n  - {namespace: a, name: Web_1, " + ok + "}",
                        "targets[0].name: 'Web_1' is not a valid Kubernetes name"),
                Arguments.of("targets:\n  - {name: b, " + ok + "}", "targets[0].namespace: missing"),
                Arguments.of("targets:\n  - {namespace: a, name: b, " + ok + "}\n  - {namespace: a, name: b, " + ok + "}",
                        "targets[1]: Deployment a/b is listed twice"),
                Arguments.of("targets:\n  - {namespace: a, name: b, stableWindow: 1m, " + ok + "}",
                        "targets[0].stableWindow: expected an exporter window label"),
                Arguments.of("targets:\n  - {namespace: a, name: b, fastWindow: 60s, " + ok + "}",
                        "targets[0].fastWindow: equals stableWindow"),
                Arguments.of("defaults: {behavior: {scaleUp: {policies: [{type: Pod, value: 1, periodSeconds: 15}]}}}",
                        "defaults.behavior.scaleUp.policies[0].type: expected Pods or Percent, got 'Pod'"),
                Arguments.of("defaults: {behavior: {scaleDown: {selectPolicy: Most}}}",
                        "defaults.behavior.scaleDown.selectPolicy: expected Max, Min or Disabled"),
                Arguments.of("defaults: {missingSignals: {fallbackReplicas: 0}}",
                        "defaults.missingSignals.fallbackReplicas: expected a whole number from 1"),
                Arguments.of("defaults: {missingSignals: scale-to-zero}",
                        "defaults.missingSignals: expected 'hold' or {fallbackReplicas: N}"),
                Arguments.of("defaults: {tolerance: 1.5}", "defaults.tolerance: expected a number from 0.0 to 1.0, got a number '1.5'"),
                Arguments.of("defaults: {tolerance: -0.1}", "defaults.tolerance: expected a number from 0.0 to 1.0, got a number '-0.1'"),
                Arguments.of("defaults: {maxReplicas: ten}", "defaults.maxReplicas: expected a whole number from 1 to 100000, got text 'ten'"),
                Arguments.of("targets: {namespace: a}", "targets: expected a list"),
                Arguments.of("targets: [\n", "policy: not valid YAML"),
                Arguments.of("a: &a [1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                        + "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]", "policy: not valid YAML"),
                Arguments.of("!!java.lang.ProcessBuilder [\"sh\"]", "policy: not valid YAML"),
                Arguments.of("targest: []", "targest: unknown field"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalid")
    void rejectsWithThePlaceAndTheReason(String yaml, String expected) {
        PolicyException e = assertThrows(PolicyException.class, () -> parser.parse(yaml));
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(expected)),
                "expected a problem starting with: " + expected + "\nbut got: " + e.problems());
    }

    @Test
    void reportsEveryProblemAtOnce() {
        PolicyException e = assertThrows(PolicyException.class, () -> parser.parse("""
                targets:
                  - {namespace: a, name: b, maxReplicas: 0, signals: [{type: rpsPerReplica, target: 0}]}
                  - {namespace: a, name: c, tolerance: -1, signals: [{type: p99Latency}]}
                """));
        assertEquals(4, e.problems().size(), e.problems().toString());
    }

    @Test
    void anObjectiveAloneDeclaresATargetAndExpandsToItsRules() throws Exception {
        TargetPolicy t = parser.parse("targets: [{namespace: shop, name: web, objective: {p99Latency: 0.25}}]").targets().get(0);
        assertEquals(new Objective(0.25, 0.01, 0.95, null), t.objective());
        SignalSelector web = new SignalSelector(false, "shop", "web");
        assertEquals(java.util.List.of(SignalKind.LEARNED_RPS_PER_REPLICA, SignalKind.P99_LATENCY, SignalKind.ERROR_RATIO_GUARD),
                t.signals().stream().map(SignalRule::kind).toList());
        assertTrue(t.signals().stream().allMatch(r -> r.source().equals(web)));
        assertEquals(0.25, t.signals().get(1).target());
        assertEquals(0.01, t.signals().get(2).target());
        assertTrue(Double.isNaN(t.signals().get(0).target()), "no number to give: it is learned");
        TargetPolicy route = parser.parse("targets: [{namespace: shop, name: web, objective: {p99Latency: 0.5, errorRatio: 0.02, "
                + "utilization: 0.9, initialRpsPerReplica: 40, route: checkout}}]").targets().get(0);
        assertEquals(new Objective(0.5, 0.02, 0.9, 40.0), route.objective());
        assertEquals(new SignalSelector(true, "shop", "checkout"), route.signals().get(0).source());
    }

    @Test
    void aScalarAliasedManyTimesIsRefusedBeforeAnythingExpandsIt() {
        // Issue 13 item 2: 100,000 characters aliased 200,000 times fit in 1 MiB and stand for 20 GB of text.
        StringBuilder bomb = new StringBuilder("big: &s ").append("x".repeat(100_000)).append("\ndefaults:\n  minReplicas: [*s");
        bomb.append(", *s".repeat(199_999)).append("]\n");
        PolicyException e = assertThrows(PolicyException.class, () -> parser.parse(bomb.toString()));
        assertEquals(List.of("policy: line 1: a value of 100000 characters; no field takes more than 4096"), e.problems());
        String aliases = "big: &s " + "x".repeat(4000) + "\ndefaults:\n  minReplicas: [*s" + ", *s".repeat(199_999) + "]\n";
        PolicyException many = assertThrows(PolicyException.class, () -> parser.parse(aliases));
        assertEquals(List.of("policy: line 3: more than 100 aliases (*name); a policy needs a few at most"), many.problems());
    }

    @Test
    void aValueIsDescribedByItsFirstCharactersWithoutPrintingItWhole() {
        String yaml = "big: &s " + "y".repeat(4000) + "\ndefaults: {minReplicas: [*s" + ", *s".repeat(99) + "]}\n";
        PolicyException e = assertThrows(PolicyException.class, () -> parser.parse(yaml));
        assertEquals(List.of("defaults.minReplicas: expected a whole number from 1 to 100000, got a list '[" + "y".repeat(59) + "...'",
                "big: unknown field (known here: dryRun, defaults, targets)"), e.problems());
    }

    @Test
    void deepNestingAndSyntaxErrorsNameTheirPlace() {
        PolicyException deep = assertThrows(PolicyException.class, () -> parser.parse("targets: " + "[".repeat(40) + "]".repeat(40)));
        assertEquals(1, deep.problems().size());
        assertTrue(deep.problems().get(0).startsWith("policy: not valid YAML"), deep.problems().toString());
        assertTrue(deep.problems().get(0).contains("Nesting Depth exceeded max 32"), deep.problems().toString());
        PolicyException syntax = assertThrows(PolicyException.class, () -> parser.parse("targets:\n  - {namespace: a\n  name: b: c\n"));
        assertEquals(List.of("policy: not valid YAML at line 3, column 7: expected ',' or '}', but got :"), syntax.problems());
    }

    @Test
    void tenThousandBadTargetsListTwentyProblemsAndCountTheRest() {
        String yaml = "targets:\n" + "  - {namespace: a, name: B}\n".repeat(10_000);
        PolicyException e = assertThrows(PolicyException.class, () -> parser.parse(yaml));
        assertEquals(21, e.problems().size());
        assertEquals("targets[0].name: 'B' is not a valid Kubernetes name", e.problems().get(0));
        assertEquals("and 19980 more problems", e.problems().get(20));
    }

    @Test
    void aBadObjectiveIsOneLinePerFieldNamingIt() {
        PolicyException e = assertThrows(PolicyException.class, () -> parser.parse(
                "targets: [{namespace: shop, name: web, objective: {p99Latency: 0, errorRatio: 2, utilization: 0.05, speed: 3}}]"));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("targets[0].objective.p99Latency: "), all);
        assertTrue(all.contains("targets[0].objective.errorRatio: "), all);
        assertTrue(all.contains("targets[0].objective.utilization: "), all);
        assertTrue(all.contains("targets[0].objective.speed"), all);
        PolicyException missing = assertThrows(PolicyException.class, () -> parser.parse(
                "targets: [{namespace: shop, name: web, objective: {errorRatio: 0.01}}]"));
        assertEquals(java.util.List.of("targets[0].objective.p99Latency: missing"), missing.problems());
        // "objective" is what an objective expands to, not a signal type a user writes.
        PolicyException type = assertThrows(PolicyException.class, () -> parser.parse(
                "targets: [{namespace: shop, name: web, signals: [{type: objective, target: 3}]}]"));
        assertTrue(type.problems().get(0).startsWith("targets[0].signals[0].type: unknown 'objective'"), type.problems().toString());
    }
}
