package io.routescale.charts;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository; tests run with the {@code charts/} module as working directory. */
final class Repo {
    static final Path CHARTS = Path.of("").toAbsolutePath();
    static final Path ROOT = CHARTS.getParent();
    static final Path ROUTESCALE_CHART = CHARTS.resolve("routescale");
    static final Path STACK_CHART = CHARTS.resolve("routescale-stack");
    static final Path DEPLOY = ROOT.resolve("deploy");
    static final Path NODE_TOOLS = CHARTS.resolve("src/test/node");

    static {
        if (!Files.isRegularFile(ROUTESCALE_CHART.resolve("Chart.yaml"))) {
            throw new IllegalStateException("run the chart tests from the charts/ module (./mvnw -pl charts), not " + CHARTS);
        }
    }

    private Repo() {
    }
}
