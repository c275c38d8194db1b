package io.routescale.charts;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The real Helm (v3.21, embedded by helm-java) on this repository's charts. */
final class HelmCharts {
    /** The Kubernetes version charts are rendered for (the newest the brief's clusters run). */
    static final String KUBE_VERSION = "v1.33.0";

    private HelmCharts() {
    }

    /** {@code helm template} with the given values files (applied in order); returns every rendered object. */
    static Rendered template(Path chart, String release, String namespace, Path... valuesFiles) {
        return new Rendered(templateText(chart, release, namespace, valuesFiles));
    }

    static String templateText(Path chart, String release, String namespace, Path... valuesFiles) {
        TemplateCommand t = new Helm(withHooksRendered(chart)).template().withName(release).withNamespace(namespace)
                .withKubeVersion(KUBE_VERSION);
        for (Path v : valuesFiles) {
            t = t.withValuesFile(v);
        }
        return t.call();
    }

    /** What {@code helm install} prints for the chart (NOTES.txt rendered), from a client-only dry run. */
    static String notes(Path chart, String release, String namespace, Path... valuesFiles) {
        var install = new Helm(chart).install().withName(release).withNamespace(namespace).withKubeVersion(KUBE_VERSION)
                .dryRun().clientOnly();
        for (Path v : valuesFiles) {
            install = install.withValuesFile(v);
        }
        String out = install.call().getOutput();
        int notes = out.indexOf("NOTES:");
        if (notes < 0) {
            throw new AssertionError("no NOTES in:\n" + out);
        }
        return out.substring(notes + "NOTES:".length()).strip();
    }

    /** Annotation that replaces {@code helm.sh/hook} in the copies {@link #template} renders. */
    static final String HOOK_MARK = "routescale.test/helm-hook";

    private static final Map<Path, Path> HOOKS_RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * helm-java's template prints the release manifest only, without hooks (the {@code helm test} Pod). To check
     * the hooks like everything else, a copy of the chart is rendered in which the hook annotation is renamed to
     * {@link #HOOK_MARK}: same templates, same objects, and the mark still says which were hooks.
     */
    static Path withHooksRendered(Path chart) {
        return HOOKS_RENDERED.computeIfAbsent(chart.toAbsolutePath(), c -> {
            try {
                Path copy = copyChart(c, Files.createTempDirectory("chart-hooks-").resolve(c.getFileName().toString()));
                try (Stream<Path> files = Files.walk(copy)) {
                    for (Path f : files.filter(f -> f.toString().endsWith(".yaml") && f.toString().contains("/templates/")).toList()) {
                        Files.writeString(f, Files.readString(f).replace("helm.sh/hook", HOOK_MARK));
                    }
                }
                return copy;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * {@code helm lint --strict} with values files. helm-java's lint takes no values files, so the chart is
     * copied and the values merged into the copy's values.yaml the way Helm merges them.
     */
    static LintResult lintStrict(Path chart, Path workDir, Path... valuesFiles) throws IOException {
        Path copy = copyChart(chart, workDir.resolve(chart.getFileName() + "-lint-" + System.nanoTime()));
        Map<String, Object> values = Yaml.load(copy.resolve("values.yaml"));
        for (Path v : valuesFiles) {
            values = Yaml.merge(values, Yaml.load(v));
        }
        Files.writeString(copy.resolve("values.yaml"), Yaml.dump(values));
        return new Helm(copy).lint().strict().call();
    }

    /**
     * The umbrella chart as Helm sees it once {@code helm dependency build} has run, minus what cannot be had
     * here: the Traefik and kube-prometheus-stack charts are remote (no chart repository is reachable), and Helm
     * refuses to template a chart with a missing dependency even when its condition is false. The copy keeps
     * the umbrella's own templates and values and the local routescale chart, and drops only the two remote
     * entries from Chart.yaml.
     */
    static Path stackWithoutRemoteCharts(Path workDir) throws IOException {
        Path copy = copyChart(Repo.STACK_CHART, workDir.resolve("routescale-stack-" + System.nanoTime()));
        Map<String, Object> chart = Yaml.load(copy.resolve("Chart.yaml"));
        List<Object> kept = new ArrayList<>();
        for (Object dep : Yaml.list(chart.get("dependencies"))) {
            String repo = String.valueOf(Yaml.map(dep).get("repository"));
            if (repo.startsWith("file://")) {
                kept.add(dep);
            }
        }
        if (kept.size() != 1) {
            throw new AssertionError("expected exactly the local routescale dependency, kept " + kept);
        }
        chart = Yaml.merge(chart, Map.of("dependencies", kept));
        Files.writeString(copy.resolve("Chart.yaml"), Yaml.dump(chart));
        Files.delete(copy.resolve("Chart.lock"));   // it pins the dropped entries too (ChartLockTest checks it)
        copyChart(Repo.ROUTESCALE_CHART, copy.resolve("charts/routescale"));
        return copy;
    }

    static Path copyChart(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(src -> {
                Path dst = to.resolve(from.relativize(src).toString());
                try {
                    if (Files.isDirectory(src)) {
                        Files.createDirectories(dst);
                    } else {
                        Files.copy(src, dst);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return to;
    }
}
