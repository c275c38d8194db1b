package io.routescale.autoscaler.policy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;

import java.io.StringReader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the policy YAML (ConfigMap key {@code policy.yaml}; schema in autoscaler/policy-example.yaml), applies defaults and
 * checks every field. Safe YAML only: plain maps, lists and scalars, no object construction; bounded document
 * size, aliases (of scalars too), nesting and value length.
 */
public final class PolicyParser {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    /** A Prometheus metric name, which prometheus-adapter and KEDA serve under the same name. */
    private static final String METRIC_NAME = "[a-zA-Z_:][a-zA-Z0-9_:]{0,252}";
    private static final Pattern WINDOW = Pattern.compile("[1-9][0-9]{0,4}s");
    /** The largest policy document read, in characters (a ConfigMap holds at most 1 MiB). */
    public static final int MAX_DOCUMENT_CHARS = 1 << 20;
    private static final int MAX_ALIASES = 100;
    /** Aliases of collections multiply: 20 is SnakeYAML's own guard against nested expansion (billion laughs). */
    private static final int MAX_COLLECTION_ALIASES = 20;
    private static final int MAX_NESTING = 32;
    private static final int MAX_SCALAR_CHARS = 4096;

    /** Defaults when neither the target nor {@code defaults:} says otherwise. */
    private record Defaults(int minReplicas, int maxReplicas, double tolerance, String stableWindow, String fastWindow,
                            Behavior scaleUp, Behavior scaleDown, Burst burst, Duration podStartup,
                            MissingSignals missing, boolean dryRun) {
    }

    /**
     * Scale-down stabilization is 60 s, not the HPA's 300 s: the HPA's long window guards against noisy and
     * missing metrics, which routescale handles by other means (missing data never scales down, bursts hold,
     * a new leader waits a full window); the replay scenarios show the same SLO at fewer pod-seconds.
     */
    static final Behavior DEFAULT_DOWN = new Behavior(Duration.ofSeconds(60), Behavior.HPA_DEFAULT_DOWN.policies(),
            Behavior.Select.MAX);

    private static final Defaults BUILT_IN = new Defaults(1, 10, 0.1, "60s", "10s", Behavior.HPA_DEFAULT_UP,
            DEFAULT_DOWN, new Burst(true, 2.0, Duration.ofSeconds(60)), Duration.ofSeconds(30),
            MissingSignals.HOLD, false);

    public Policy parse(String yaml) throws PolicyException {
        List<String> problems = new ArrayList<>();
        if (yaml == null || yaml.isBlank()) {
            return Policy.EMPTY;
        }
        if (yaml.length() > MAX_DOCUMENT_CHARS) {
            throw new PolicyException(List.of("policy: larger than " + MAX_DOCUMENT_CHARS + " characters"));
        }
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
            options.setNestingDepthLimit(MAX_NESTING);
            options.setAllowDuplicateKeys(false);
            options.setCodePointLimit(MAX_DOCUMENT_CHARS);
            Yaml parser = new Yaml(new SafeConstructor(options));
            checkBounds(parser.parse(new StringReader(yaml)));
            root = parser.load(yaml);
        } catch (MarkedYAMLException e) {
            throw new PolicyException(List.of(e.getProblemMark() == null
                    ? "policy: not valid YAML: " + firstLine(e.getProblem())
                    : String.format(Locale.ROOT, "policy: not valid YAML at line %d, column %d: %s", e.getProblemMark().getLine() + 1,
                    e.getProblemMark().getColumn() + 1, firstLine(e.getProblem()))));
        } catch (YAMLException e) {
            throw new PolicyException(List.of("policy: not valid YAML: " + firstLine(e.getMessage())));
        }
        Fields top = new Fields(root, "", problems);
        boolean globalDryRun = top.bool("dryRun", false);
        Defaults defaults = defaults(top.child("defaults"), BUILT_IN);
        if (globalDryRun) {
            defaults = withDryRun(defaults);
        }
        List<TargetPolicy> targets = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<?> list = top.list("targets");
        for (int i = 0; i < list.size(); i++) {
            TargetPolicy t = target(new Fields(list.get(i), "targets[" + i + "]", problems), defaults, globalDryRun);
            if (t != null && !seen.add(t.target().namespace() + "/" + t.target().kind() + "/" + t.target().name())) {
                problems.add("targets[" + i + "]: " + t.target().kind() + " " + t.target() + " is listed twice");
            }
            if (t != null) {
                targets.add(t);
            }
        }
        top.rejectUnknown();
        if (!problems.isEmpty()) {
            throw new PolicyException(problems);
        }
        return new Policy(List.copyOf(targets));
    }

    private static Defaults withDryRun(Defaults d) {
        return new Defaults(d.minReplicas(), d.maxReplicas(), d.tolerance(), d.stableWindow(), d.fastWindow(),
                d.scaleUp(), d.scaleDown(), d.burst(), d.podStartup(), d.missing(), true);
    }

    /** Reads the overridable settings of {@code f} on top of {@code base}; used for defaults and for each target. */
    private Defaults defaults(Fields f, Defaults base) {
        int min = f.integer("minReplicas", base.minReplicas(), 1, 100_000);
        int max = f.integer("maxReplicas", base.maxReplicas(), 1, 100_000);
        double tolerance = f.numberFrom("tolerance", base.tolerance(), 0, 1.0);
        String stable = window(f, "stableWindow", base.stableWindow());
        String fast = window(f, "fastWindow", base.fastWindow());
        Fields behavior = f.child("behavior");
        Behavior up = behavior(behavior.child("scaleUp"), base.scaleUp());
        Behavior down = behavior(behavior.child("scaleDown"), base.scaleDown());
        behavior.rejectUnknown();
        Burst burst = burst(f.child("burst"), base.burst());
        Duration startup = Duration.ofSeconds(f.integer("podStartupSeconds", (int) base.podStartup().toSeconds(), 0, 3600));
        MissingSignals missing = missing(f, base.missing());
        boolean dryRun = f.bool("dryRun", base.dryRun());
        if (f.path().equals("defaults")) {
            f.rejectUnknown();
        }
        return new Defaults(min, max, tolerance, stable, fast, up, down, burst, startup, missing, dryRun);
    }

    private TargetPolicy target(Fields f, Defaults defaults, boolean globalDryRun) {
        String namespace = name(f, "namespace", DNS_LABEL, null);
        String name = name(f, "name", DNS_SUBDOMAIN, null);
        String kind = f.string("kind", "Deployment");
        String apiVersion = f.string("apiVersion", "apps/v1");
        if (!apiVersion.matches("[a-z0-9.-]+/v[0-9a-z]+")) {
            f.problem("apiVersion", "expected group/version of a kind with a /scale subresource (e.g. apps/v1), got '" + apiVersion + "'");
        }
        if (!kind.matches("[A-Z][A-Za-z0-9]*")) {
            f.problem("kind", "expected a Kubernetes kind such as Deployment or StatefulSet, got '" + kind + "'");
        }
        String modeText = f.string("mode", "direct").toLowerCase(Locale.ROOT);
        Mode mode = switch (modeText) {
            case "direct" -> Mode.DIRECT;
            case "hpa" -> Mode.HPA;
            default -> {
                f.problem("mode", "expected 'direct' or 'hpa', got '" + modeText + "'");
                yield Mode.DIRECT;
            }
        };
        String hpa = f.has("hpa") ? name(f, "hpa", DNS_SUBDOMAIN, null) : null;
        if (mode == Mode.HPA && hpa == null) {
            f.problem("hpa", "mode 'hpa' needs the name of the HorizontalPodAutoscaler to patch");
        }
        if (mode == Mode.DIRECT && hpa != null) {
            f.problem("hpa", "only used with mode 'hpa'");
        }
        String hpaMetric = f.has("hpaMetric") ? f.string("hpaMetric", null) : null;
        if (hpaMetric != null && !hpaMetric.matches(METRIC_NAME)) {
            f.problem("hpaMetric", "expected a metric name (letters, digits, '_', ':'; not starting with a digit), got '" + hpaMetric + "'");
        }
        if (hpaMetric != null && (mode != Mode.HPA || !f.has("objective"))) {
            f.problem("hpaMetric", "only used with mode 'hpa' and an objective (it writes the learned rps per replica into the HPA)");
        }
        Defaults d = defaults(f, defaults);
        boolean dryRun = globalDryRun || d.dryRun();
        if (d.minReplicas() > d.maxReplicas()) {
            f.problem("minReplicas", "is " + d.minReplicas() + ", above maxReplicas " + d.maxReplicas());
        }
        if (d.burst().enabled() && d.fastWindow().equals(d.stableWindow())) {
            f.problem("fastWindow", "equals stableWindow (" + d.stableWindow() + "): burst detection needs a shorter window");
        }
        List<SignalRule> rules = new ArrayList<>();
        Objective objective = null;
        if (f.has("objective")) {
            objective = objective(f.child("objective"), namespace, name, rules);
        }
        List<?> list = f.has("signals") || objective == null ? f.list("signals") : List.of();
        for (int i = 0; i < list.size(); i++) {
            SignalRule r = signal(new Fields(list.get(i), f.at("signals") + "[" + i + "]", problemsOf(f)), namespace, name);
            if (r != null) {
                rules.add(r);
            }
        }
        // A bad objective has said what is wrong with it already.
        if (!f.has("objective") && rules.stream().allMatch(r -> r instanceof SignalRule.ErrorRatioGuard)) {
            f.problem("signals", "needs at least one of rpsPerReplica, inflightPerReplica, p99Latency (or an objective)");
        }
        f.rejectUnknown();
        if (namespace == null || name == null) {
            return null;
        }
        TargetRef ref = new TargetRef(namespace, name, apiVersion, kind);
        return new TargetPolicy(ref, mode, hpa, List.copyOf(rules), d.minReplicas(), d.maxReplicas(), d.tolerance(),
                d.stableWindow(), d.fastWindow(), d.scaleUp(), d.scaleDown(), d.burst(), d.podStartup(), d.missing(), dryRun,
                objective, hpaMetric);
    }

    /**
     * {@code objective: {p99Latency: 0.25, errorRatio: 0.01, utilization: 0.85, initialRpsPerReplica: 40,
     * backend|route: ...}}: adds the learned rps rule, the p99 rule and the error guard it expands to.
     */
    private Objective objective(Fields f, String targetNamespace, String targetName, List<SignalRule> rules) {
        double p99 = required(f, "p99Latency", 0, 3600);
        double errors = f.number("errorRatio", Objective.DEFAULT_ERROR_RATIO, 0, 1);
        double utilization = f.number("utilization", Objective.DEFAULT_UTILIZATION, 0.1, 1);
        Double initial = f.has("initialRpsPerReplica") ? f.number("initialRpsPerReplica", Double.NaN, 0, 1e9) : null;
        SignalSelector selector = selector(f, targetNamespace, targetName);
        f.rejectUnknown();
        if (selector == null || Double.isNaN(p99) || initial != null && initial.isNaN()) {
            return null;
        }
        rules.add(new SignalRule.LearnedRpsPerReplica(selector, initial == null ? Double.NaN : initial));
        rules.add(new SignalRule.P99Latency(selector, p99));
        rules.add(new SignalRule.ErrorRatioGuard(selector, errors));
        return new Objective(p99, errors, utilization, initial);
    }

    private SignalRule signal(Fields f, String targetNamespace, String targetName) {
        String type = f.string("type", null);
        SignalKind kind = type == null ? null : SignalKind.fromYaml(type);
        if (type == null) {
            f.problem("type", "missing: one of rpsPerReplica, inflightPerReplica, p99Latency, errorRatioGuard");
        } else if (kind == null) {
            f.problem("type", "unknown '" + type + "': one of rpsPerReplica, inflightPerReplica, p99Latency, errorRatioGuard");
        }
        double target = switch (kind == null ? SignalKind.RPS_PER_REPLICA : kind) {
            case P99_LATENCY -> required(f, "objectiveSeconds", 0, 3600);
            case ERROR_RATIO_GUARD -> required(f, "maxRatio", 0, 1);
            default -> required(f, "target", 0, Double.POSITIVE_INFINITY);
        };
        SignalSelector selector = selector(f, targetNamespace, targetName);
        f.rejectUnknown();
        if (kind == null || selector == null) {
            return null;
        }
        return SignalRule.of(kind, selector, target);
    }

    /** {@code backend: NAME} (default: the target's name) or {@code route: NAME}, in {@code namespace} (the target's). */
    private SignalSelector selector(Fields f, String targetNamespace, String targetName) {
        boolean route = f.has("route");
        if (route && f.has("backend")) {
            f.problem("route", "give either 'backend' or 'route', not both");
        }
        String namespace = name(f, "namespace", DNS_LABEL, targetNamespace);
        String source = route ? name(f, "route", DNS_SUBDOMAIN, null) : name(f, "backend", DNS_SUBDOMAIN, targetName);
        return namespace == null || source == null ? null : new SignalSelector(route, namespace, source);
    }

    private static double required(Fields f, String key, double minExclusive, double max) {
        if (!f.has(key)) {
            f.problem(key, "missing");
            f.raw(key);
            return Double.NaN;
        }
        return f.number(key, Double.NaN, minExclusive, max);
    }

    private static Behavior behavior(Fields f, Behavior base) {
        Duration window = Duration.ofSeconds(f.integer("stabilizationWindowSeconds",
                (int) base.stabilizationWindow().toSeconds(), 0, 3600));
        String select = f.string("selectPolicy", base.select().name());
        Behavior.Select sel = switch (select.toLowerCase(Locale.ROOT)) {
            case "max" -> Behavior.Select.MAX;
            case "min" -> Behavior.Select.MIN;
            case "disabled" -> Behavior.Select.DISABLED;
            default -> {
                f.problem("selectPolicy", "expected Max, Min or Disabled, got '" + select + "'");
                yield base.select();
            }
        };
        List<RatePolicy> policies = base.policies();
        if (f.has("policies")) {
            policies = new ArrayList<>();
            List<?> list = f.list("policies");
            for (int i = 0; i < list.size(); i++) {
                Fields p = new Fields(list.get(i), f.at("policies") + "[" + i + "]", problemsOf(f));
                String type = p.string("type", "");
                RatePolicy.Type t = switch (type.toLowerCase(Locale.ROOT)) {
                    case "pods" -> RatePolicy.Type.PODS;
                    case "percent" -> RatePolicy.Type.PERCENT;
                    default -> {
                        p.problem("type", "expected Pods or Percent, got '" + type + "'");
                        yield RatePolicy.Type.PODS;
                    }
                };
                int value = p.integer("value", 1, 1, 100_000);
                int period = p.integer("periodSeconds", 15, 1, 1800);
                p.rejectUnknown();
                policies.add(new RatePolicy(t, value, Duration.ofSeconds(period)));
            }
            if (policies.isEmpty() && sel != Behavior.Select.DISABLED) {
                f.problem("policies", "empty: give at least one, or selectPolicy: Disabled");
            }
        }
        f.rejectUnknown();
        return new Behavior(window, List.copyOf(policies), sel);
    }

    private static Burst burst(Fields f, Burst base) {
        boolean enabled = f.bool("enabled", base.enabled());
        double threshold = f.number("threshold", base.threshold(), 1.0, 100);
        int stable = f.integer("stableWindowSeconds", (int) base.stableWindow().toSeconds(), 1, 3600);
        f.rejectUnknown();
        return new Burst(enabled, threshold, Duration.ofSeconds(stable));
    }

    private static MissingSignals missing(Fields f, MissingSignals base) {
        if (!f.has("missingSignals")) {
            f.raw("missingSignals");
            return base;
        }
        Object v = f.raw("missingSignals");
        if ("hold".equals(v)) {
            return MissingSignals.HOLD;
        }
        Fields m = new Fields(v instanceof Map<?, ?> ? v : Map.of(), f.at("missingSignals"), problemsOf(f));
        if (!(v instanceof Map<?, ?>)) {
            f.problem("missingSignals", "expected 'hold' or {fallbackReplicas: N}, got " + Fields.describe(v));
            return base;
        }
        int replicas = m.integer("fallbackReplicas", 1, 1, 100_000);
        if (!m.has("fallbackReplicas")) {
            m.problem("fallbackReplicas", "missing");
        }
        m.rejectUnknown();
        return new MissingSignals(MissingSignals.Action.FALLBACK, replicas);
    }

    private static String window(Fields f, String key, String fallback) {
        String w = f.string(key, fallback);
        if (!WINDOW.matcher(w).matches()) {
            f.problem(key, "expected an exporter window label like '10s' or '60s', got '" + w + "'");
            return fallback;
        }
        return w;
    }

    private static String name(Fields f, String key, Pattern pattern, String fallback) {
        if (!f.has(key)) {
            f.raw(key);
            if (fallback == null) {
                f.problem(key, "missing");
            }
            return fallback;
        }
        String v = f.string(key, null);
        if (v != null && !pattern.matcher(v).matches()) {
            f.problem(key, "'" + v + "' is not a valid Kubernetes name");
            return null;
        }
        return v;
    }

    /** The problems list shared by {@code f}, for nested readers. */
    private static List<String> problemsOf(Fields f) {
        return f.problems();
    }

    /**
     * SnakeYAML's alias limit counts aliases of collections only: a 100,000-character scalar aliased 200,000 times
     * fits in 1 MiB and stands for 20 GB of text to whatever turns it into a string. A policy needs a few
     * anchors at most (shared defaults), and no field takes more than a name's length.
     */
    private static void checkBounds(Iterable<Event> events) throws PolicyException {
        int aliases = 0;
        for (Event e : events) {
            if (e instanceof AliasEvent && ++aliases > MAX_ALIASES) {
                throw new PolicyException(List.of(String.format(Locale.ROOT,
                        "policy: line %d: more than %d aliases (*name); a policy needs a few at most", line(e), MAX_ALIASES)));
            }
            if (e instanceof ScalarEvent scalar && scalar.getValue().length() > MAX_SCALAR_CHARS) {
                throw new PolicyException(List.of(String.format(Locale.ROOT,
                        "policy: line %d: a value of %d characters; no field takes more than %d", line(e),
                        scalar.getValue().length(), MAX_SCALAR_CHARS)));
            }
        }
    }

    private static int line(Event e) {
        return e.getStartMark() == null ? 0 : e.getStartMark().getLine() + 1;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
