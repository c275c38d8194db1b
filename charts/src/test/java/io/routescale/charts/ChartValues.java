package io.routescale.charts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The values sets every chart test runs over: the defaults and each file in the chart's ci/ folder. */
final class ChartValues {
    private ChartValues() {
    }

    /** The chart's values.yaml (the defaults, passed again harmlessly) and every ci/*-values.yaml. */
    static List<Path> routescaleSets() throws IOException {
        List<Path> out = new ArrayList<>();
        out.add(Repo.ROUTESCALE_CHART.resolve("values.yaml"));
        try (Stream<Path> files = Files.list(Repo.ROUTESCALE_CHART.resolve("ci"))) {
            files.filter(f -> f.getFileName().toString().endsWith("-values.yaml")).sorted().forEach(out::add);
        }
        if (out.size() < 4) {
            throw new AssertionError("expected the ci/ values files, found " + out);
        }
        return out;
    }
}
