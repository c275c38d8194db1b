package io.routescale.autoscaler.replay;

import io.micronaut.serde.ObjectMapper;
import io.routescale.autoscaler.policy.Policy;
import io.routescale.autoscaler.policy.PolicyException;
import io.routescale.autoscaler.policy.PolicyParser;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code autoscaler replay}: what would this policy have done to that traffic? Runs the autoscaler's own
 * decision code against a trace, Prometheus history or the bundled scenarios, next to the HPA, Knative's KPA
 * and an oracle, and writes {@code report.json}, {@code report.html} and {@code plot.svg} per input. Exit 0 on success, 2 on bad
 * input (with the file, line and field), and nothing is written unless every input replayed.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a scaling policy against a trace, Prometheus history or the bundled scenarios.")
public final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--trace", description = "CSV with header time_s,target,rps (target namespace/name; empty rps = gap)")
    Path trace;
    @Option(names = "--scenario", description = "a bundled scenario, or 'all' (the default when no input is given): ${COMPLETION-CANDIDATES}",
            completionCandidates = ScenarioNames.class)
    String scenario;
    @Option(names = "--seed", defaultValue = "0", description = "with --scenario: draw the scenarios' noise from this seed; 0 (default) is the bundled trace")
    long seed;
    @Option(names = "--prometheus", description = "Prometheus base URL to read history from")
    URI prometheus;
    @Option(names = "--from", description = "with --prometheus: start, ISO-8601 instant")
    Instant from;
    @Option(names = "--to", description = "with --prometheus: end, ISO-8601 instant")
    Instant to;
    @Option(names = "--step", defaultValue = "PT15S", description = "with --prometheus: range step, ISO-8601 duration (default ${DEFAULT-VALUE})")
    Duration step;
    @Option(names = "--query", defaultValue = PrometheusHistory.DEFAULT_QUERY, description = "with --prometheus: PromQL with namespace and service labels")
    String query;
    @Option(names = "--policy", description = "policy YAML (the ConfigMap's schema); default: built-in defaults with each target declared by its objective alone, the model's SLO")
    Path policy;
    @Option(names = "--baseline-policy", description = "policy YAML whose rpsPerReplica targets the HPA and KPA baselines run at (default: the --policy's): compare the HPA as it runs today with the policy you consider")
    Path baselinePolicy;
    @Option(names = "--report", defaultValue = "replay-report", description = "folder for report.json, report.html and plot.svg (default ${DEFAULT-VALUE})")
    Path report;
    @Option(names = "--model", defaultValue = "mm1", description = "the cluster model the flags below start from: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}; docs/replay.md)",
            completionCandidates = ModelNames.class)
    String modelName;
    @Option(names = "--capacity-rps", description = "requests per second one warm replica serves (mm1: 100)")
    Double capacityRps;
    @Option(names = "--slo-seconds", description = "p99 latency objective (mm1: 0.25)")
    Double sloSeconds;
    @Option(names = "--startup-seconds", description = "pod start-up delay (mm1: 20)")
    Integer startupSeconds;
    @Option(names = "--workers", description = "servers per pod sharing its queue, M/M/c (mm1: 1)")
    Integer workers;
    @Option(names = "--base-latency-seconds", description = "latency every request has whatever the load (mm1: 0)")
    Double baseLatencySeconds;
    @Option(names = "--warmup-seconds", description = "how long a new pod serves at reduced capacity (default 0: none)")
    Integer warmupSeconds;
    @Option(names = "--warmup-capacity", description = "the share of its capacity a warming pod serves, (0, 1] (default 1)")
    Double warmupCapacity;
    @Option(names = "--capacity-change-at", description = "second of the trace from which every pod's capacity changes (default: never)")
    Integer capacityChangeAt;
    @Option(names = "--capacity-change-factor", description = "capacity from then on, as a multiple of --capacity-rps, e.g. 0.7 for a slower release")
    Double capacityChangeFactor;
    @Option(names = "--pods-per-node", description = "with --max-nodes: model nodes that hold this many pods each; pods no node has room for wait (Unschedulable) for a new one (default: room for every pod)")
    Integer podsPerNode;
    @Option(names = "--max-nodes", description = "with --pods-per-node: at most this many nodes")
    Integer maxNodes;
    @Option(names = "--node-startup-seconds", description = "with --pods-per-node: how long a new node takes to take pods (default 0)")
    Integer nodeStartupSeconds;
    @Option(names = "--tune", description = "sweep routescale's own settings on the input and write the cheapest policy that keeps 99.9%% of seconds within the SLO (tuned-policy.yaml, tune.json), then replay it")
    boolean tune;
    @Option(names = "--sweep", defaultValue = "0.3:1.0:0.05", description = "targets the HPA and KPA frontiers run at, FROM:TO:STEP as fractions of the rate one replica serves within the SLO in the model (default ${DEFAULT-VALUE})")
    String sweep;

    private final PrintStream out;
    private final PrintStream err;

    public ReplayCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new ReplayCommand(out, err));
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        return cl.execute(args);
    }

    /** The named model with each given flag applied; every bad value is one line naming the model. */
    private ClusterModel model() throws ReplayException {
        ClusterModel base = Models.get(modelName);
        if (capacityChangeAt == null && capacityChangeFactor != null || capacityChangeAt != null && capacityChangeFactor == null) {
            throw new ReplayException("model: --capacity-change-at and --capacity-change-factor go together");
        }
        if ((podsPerNode == null) != (maxNodes == null) || nodeStartupSeconds != null && podsPerNode == null) {
            throw new ReplayException("model: --pods-per-node and --max-nodes go together (and --node-startup-seconds with them)");
        }
        try {
            ClusterModel m = new ClusterModel(
                    capacityRps == null ? base.capacityRps() : capacityRps,
                    sloSeconds == null ? base.sloSeconds() : sloSeconds,
                    startupSeconds == null ? base.startupSeconds() : startupSeconds,
                    workers == null ? base.workers() : workers,
                    baseLatencySeconds == null ? base.baseLatencySeconds() : baseLatencySeconds,
                    warmupSeconds == null ? base.warmupSeconds() : warmupSeconds,
                    warmupCapacity == null ? base.warmupCapacity() : warmupCapacity,
                    capacityChangeAt == null ? base.capacityChangeAt() : capacityChangeAt,
                    capacityChangeFactor == null ? base.capacityChangeFactor() : capacityChangeFactor);
            if (podsPerNode != null) {
                m = m.withNodes(new NodeLimit(podsPerNode, maxNodes, nodeStartupSeconds == null ? 0 : nodeStartupSeconds));
            }
            m.needed(1);
            if (m.capacityChangeAt() >= 0) {
                m.needed(1, m.capacityChangeAt());
            }
            return m;
        } catch (IllegalArgumentException e) {
            throw new ReplayException("model: " + e.getMessage());
        }
    }

    /** For picocli's completion and help. */
    static final class ModelNames extends ArrayList<String> {
        ModelNames() {
            super(Models.names());
        }
    }

    /** For picocli's completion and help. */
    static final class ScenarioNames extends ArrayList<String> {
        ScenarioNames() {
            super(Scenarios.names());
            add("all");
        }
    }

    @Override
    public Integer call() {
        try {
            ClusterModel model = model();
            Sweep targets;
            try {
                targets = Sweep.parse(sweep);
            } catch (IllegalArgumentException e) {
                throw new ReplayException("--sweep: " + e.getMessage());
            }
            Map<String, Trace> inputs = inputs();
            for (Trace t : inputs.values()) {
                withinModel(t, model);
            }
            if (tune && policy != null) {
                throw new ReplayException("--tune writes a policy: give no --policy");
            }
            Policy given = policy == null ? null : read(policy);
            Policy givenBaselines = baselinePolicy == null ? null : read(baselinePolicy);
            String policyName = policy == null ? "built-in defaults" : policy.toString();
            Map<String, Report> reports = new LinkedHashMap<>();
            Map<String, Tuner.Result> tuned = new LinkedHashMap<>();
            for (Map.Entry<String, Trace> e : inputs.entrySet()) {
                Trace t = e.getValue();
                Policy p = given == null ? defaultPolicy(t, model) : given;
                if (tune) {
                    Tuner.Result result = Tuner.tune(t, model, targets);
                    tuned.put(e.getKey(), result);
                    p = new PolicyParser().parse(result.best().policy());
                    policyName = "tuned: " + result.best().settings();
                }
                Policy baselines = givenBaselines == null ? p : givenBaselines;
                int total = Replay.runs(t, targets);
                reports.put(e.getKey(), Replay.run(t, p, policyName, baselines,
                        baselinePolicy == null ? policyName : baselinePolicy.toString(), model, targets,
                        total >= 200 ? done -> progress(e.getKey(), done, total) : null));
            }
            // Every input replayed: only now is anything written, and all of it or nothing.
            Map<Path, String> files = new LinkedHashMap<>();
            for (Map.Entry<String, Report> e : reports.entrySet()) {
                Path dir = inputs.size() == 1 ? report : report.resolve(e.getKey());
                String json = ObjectMapper.getDefault().writeValueAsString(e.getValue());
                files.put(dir.resolve("report.json"), json);
                files.put(dir.resolve("plot.svg"), SvgPlot.render(e.getValue()));
                files.put(dir.resolve("report.html"), HtmlReport.render(e.getValue(), json));
                Tuner.Result result = tuned.get(e.getKey());
                if (result != null) {
                    files.put(dir.resolve("tuned-policy.yaml"), result.best().policy());
                    files.put(dir.resolve("tune.json"), ObjectMapper.getDefault().writeValueAsString(result));
                }
            }
            ReportFiles.writeAll(files);
            for (Map.Entry<String, Report> e : reports.entrySet()) {
                Path dir = inputs.size() == 1 ? report : report.resolve(e.getKey());
                Tuner.Result result = tuned.get(e.getKey());
                if (result != null) {
                    tuneTable(e.getKey(), result, dir);
                }
                table(e.getKey(), e.getValue(), dir);
            }
            return 0;
        } catch (ReplayException | PolicyException e) {
            err.println("replay: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("replay: " + e.getMessage());
            return 1;
        }
    }

    /** A load the model would need more than {@link ClusterModel#MAX_REPLICAS} replicas for is refused, by name. */
    static void withinModel(Trace t, ClusterModel model) throws ReplayException {
        if (t.offered().size() > TraceCsv.MAX_TARGETS) {
            throw new ReplayException(t.name() + ": " + t.offered().size() + " targets, a replay takes at most " + TraceCsv.MAX_TARGETS);
        }
        double maxRps = model.maxRpsWithinReplicaBound();
        for (Map.Entry<String, double[]> target : t.offered().entrySet()) {
            double[] rps = target.getValue();
            for (int s = 0; s < rps.length; s++) {
                if (rps[s] > maxRps) {
                    throw new ReplayException(t.name() + ": " + target.getKey() + " at second " + s + ": rps " + rps[s]
                            + " needs more than " + ClusterModel.MAX_REPLICAS + " replicas of the model ("
                            + String.format(Locale.ROOT, "%.1f", model.sloRatePerReplica()) + " rps each within the SLO)");
                }
            }
        }
    }

    private Map<String, Trace> inputs() throws ReplayException, IOException {
        int given = (trace != null ? 1 : 0) + (scenario != null ? 1 : 0) + (prometheus != null ? 1 : 0);
        if (given > 1) {
            throw new ReplayException("give one of --trace, --scenario, --prometheus");
        }
        if (seed != 0 && (trace != null || prometheus != null)) {
            throw new ReplayException("--seed varies the bundled scenarios only; it means nothing with --trace or --prometheus");
        }
        Map<String, Trace> out = new LinkedHashMap<>();
        if (trace != null) {
            if (!Files.isReadable(trace)) {
                throw new ReplayException(trace + ": cannot read the trace file");
            }
            if (Files.isDirectory(trace)) {
                throw new ReplayException(trace + ": is a directory, expected a trace CSV file");
            }
            try (InputStream r = Files.newInputStream(trace)) {
                out.put(trace.getFileName().toString().replaceAll("\\.csv$", ""), TraceCsv.read(trace.toString(), r));
            }
        } else if (prometheus != null) {
            if (from == null || to == null) {
                throw new ReplayException("--prometheus needs --from and --to");
            }
            out.put("prometheus", PrometheusHistory.read(prometheus, from, to, step, query));
        } else if (scenario == null || scenario.equals("all")) {
            for (String name : Scenarios.names()) {
                out.put(name, Scenarios.get(name, seed));
            }
        } else {
            out.put(scenario, Scenarios.get(scenario, seed));
        }
        return out;
    }

    private static Policy read(Path file) throws ReplayException, IOException {
        if (Files.isDirectory(file)) {
            throw new ReplayException(file + ": is a directory, expected a policy YAML file");
        }
        if (!Files.isReadable(file)) {
            throw new ReplayException(file + ": cannot read the policy file");
        }
        // UTF-8 takes at most 4 bytes a character: anything larger cannot be within the parser's bound.
        long bytes = Files.size(file);
        if (bytes > 4L * PolicyParser.MAX_DOCUMENT_CHARS) {
            throw new ReplayException(file + ": " + bytes + " bytes, a policy is at most "
                    + PolicyParser.MAX_DOCUMENT_CHARS + " characters");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ReplayException(file + ": not UTF-8 text");
        }
        try {
            return new PolicyParser().parse(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (PolicyException e) {
            throw new ReplayException(file + ": " + e.getMessage());
        }
    }

    /** The built-in policy: each trace target declared by its objective alone, the model's SLO. */
    static Policy defaultPolicy(Trace t, ClusterModel model) throws ReplayException {
        StringBuilder yaml = new StringBuilder("targets:\n");
        for (String target : t.observed().keySet()) {
            String[] nsName = target.split("/");
            yaml.append(String.format(Locale.ROOT, "  - {namespace: %s, name: %s, maxReplicas: 1000, objective: {p99Latency: %s}}%n",
                    nsName[0], nsName[1], model.sloSeconds()));
        }
        try {
            return new PolicyParser().parse(yaml.toString());
        } catch (PolicyException e) {
            throw new ReplayException("the trace has " + t.observed().size() + " targets, more than the built-in policy"
                    + " declares (" + e.getMessage() + "): give --policy with the targets to replay");
        }
    }


    private void table(String name, Report r, Path dir) {
        ClusterModel m = r.model();
        out.printf(Locale.ROOT, "%n%s (%d s, %d target%s; capacity %s rps/replica%s, SLO p99 %s s, start-up %d s%s%s%s) -> %s%n",
                name, r.seconds(), r.targets(), r.targets() == 1 ? "" : "s", num(m.capacityRps()),
                m.workers() == 1 && m.baseLatencySeconds() == 0 ? "" : String.format(Locale.ROOT, " on %d workers, base latency %s s",
                        m.workers(), num(m.baseLatencySeconds())),
                num(m.sloSeconds()), m.startupSeconds(),
                m.warmupSeconds() == 0 ? "" : String.format(Locale.ROOT, ", warm-up %d s at %s", m.warmupSeconds(), num(m.warmupCapacity())),
                m.capacityChangeAt() < 0 ? "" : String.format(Locale.ROOT, ", capacity x%s from %d s", num(m.capacityChangeFactor()), m.capacityChangeAt()),
                m.nodes() == null ? "" : String.format(Locale.ROOT, ", at most %d nodes of %d pods, node start-up %d s",
                        m.nodes().maxNodes(), m.nodes().podsPerNode(), m.nodes().startupSeconds()),
                dir);
        out.printf(Locale.ROOT, "  %-11s %10s %12s %12s %8s %10s %12s%n", "policy", "SLO viol s", "over cap req",
                "pod-seconds", "actions", "dir chg", "longest viol");
        r.policies().forEach((policyName, p) -> out.printf(Locale.ROOT, "  %-11s %10d %12.0f %12.0f %8d %10d %12d%n", policyName,
                p.sloViolationSeconds(), p.requestsOverCapacity(), p.podSeconds(), p.scaleActions(), p.directionChanges(),
                p.longestViolationSeconds()));
        Baselines b = r.baselines();
        frontierLine("hpa", b.hpa(), b.hpaVerdict(), b.sloRatePerReplica());
        frontierLine("kpa", b.kpa(), b.kpaVerdict(), b.sloRatePerReplica());
    }

    private void tuneTable(String name, Tuner.Result r, Path dir) {
        out.printf(Locale.ROOT, "%n%s: tuned over %d policies -> %s%n", name, r.all().size(), dir.resolve("tuned-policy.yaml"));
        out.printf(Locale.ROOT, "  %-58s %10s %12s %8s%n", "frontier (cheapest first)", "SLO viol s", "pod-seconds", "dir chg");
        for (Tuner.Candidate c : r.frontier()) {
            out.printf(Locale.ROOT, "  %-58s %10d %12.0f %8d%s%n", c.settings(), c.sloViolationSeconds(), c.podSeconds(), c.directionChanges(),
                    c.equals(r.best()) ? "  <- written" : "");
        }
    }

    private void frontierLine(String name, java.util.List<FrontierPoint> points, FrontierVerdict v, double rate) {
        String range = String.format(Locale.ROOT, "%d targets %s-%s rps/replica (%.0f%%-%.0f%% of %s)", points.size(),
                num(points.get(0).target()), num(points.get(points.size() - 1).target()),
                points.get(0).targetFraction() * 100, points.get(points.size() - 1).targetFraction() * 100, num(rate));
        String verdict = v.dominates() ? "routescale dominates it"
                : "routescale is beaten at " + v.beatenBy().stream().map(ReplayCommand::num).collect(java.util.stream.Collectors.joining(", "))
                + " (1% cheaper with under 2x its violations + 10 s)";
        out.printf(Locale.ROOT, "  %s frontier, %s: %s%n", name, range, verdict);
        out.printf(Locale.ROOT, "  %s best setting %s rps/replica: %d viol s, %.0f pod-s; routescale %s half its violations, %s%n",
                name, num(v.bestTarget()), v.bestViolationSeconds(), v.bestPodSeconds(),
                v.halfTheBestsViolations() ? "has at most" : "has more than", v.noMoreCostThanBest() ? "at no more cost" : "at more cost");
    }

    private void progress(String name, int done, int total) {
        int width = 30;
        int filled = done * width / total;
        err.printf(Locale.ROOT, "\r%s [%s%s] %d/%d", name, "#".repeat(filled), " ".repeat(width - filled), done, total);
        if (done == total) {
            err.println();
        }
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
