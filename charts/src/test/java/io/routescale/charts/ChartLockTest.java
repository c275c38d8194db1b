package io.routescale.charts;

import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 item 14: the umbrella pins its subcharts in a {@code Chart.lock}, so every install of one commit
 * gets the same Traefik and kube-prometheus-stack. No chart repository is reachable here, so the lock was
 * written by hand (versions from the charts' release tags, digest by {@link HelmLockDigest}); these tests show
 * Helm would take it as its own.
 */
class ChartLockTest {
    private static final String OUT_OF_SYNC = "out of sync";

    @TempDir
    Path tmp;

    @Test
    void theDigestPortAgreesWithALockThatHelmWrote() throws IOException {
        Path parent = chart(tmp.resolve("parent"), "parent", "1.2.3", """
                dependencies:
                  - name: child-a
                    version: "^0.4.0"
                    repository: file://../child-a
                    condition: childA.enabled
                  - name: child-b
                    version: "~2.1.0"
                    repository: "file://../child-b"
                    alias: b-alias
                """);
        chart(tmp.resolve("child-a"), "child-a", "0.4.7", "");
        chart(tmp.resolve("child-b"), "child-b", "2.1.5", "");
        new Helm(parent).dependency().update().call();
        Map<String, Object> lock = Yaml.load(parent.resolve("Chart.lock"));
        String written = String.valueOf(lock.get("digest"));
        assertTrue(written.startsWith("sha256:"), written);
        assertEquals(written, HelmLockDigest.of(Yaml.list(Yaml.load(parent.resolve("Chart.yaml")).get("dependencies")),
                Yaml.list(lock.get("dependencies"))));
    }

    @Test
    void theStacksLockMatchesItsChartYaml() throws IOException {
        Map<String, Object> chart = Yaml.load(Repo.STACK_CHART.resolve("Chart.yaml"));
        Map<String, Object> lock = Yaml.load(Repo.STACK_CHART.resolve("Chart.lock"));
        List<Object> requested = Yaml.list(chart.get("dependencies"));
        List<Object> locked = Yaml.list(lock.get("dependencies"));
        assertEquals(HelmLockDigest.of(requested, locked), lock.get("digest"));
        assertEquals(requested.size(), locked.size());
        for (int i = 0; i < requested.size(); i++) {
            Map<String, Object> want = Yaml.map(requested.get(i));
            Map<String, Object> got = Yaml.map(locked.get(i));
            assertEquals(want.get("name"), got.get("name"));
            assertEquals(want.get("repository"), got.get("repository"));
            assertTrue(satisfies(String.valueOf(got.get("version")), String.valueOf(want.get("version"))),
                    got + " is outside " + want.get("version"));
        }
        Map<String, Object> routescale = Yaml.load(Repo.ROUTESCALE_CHART.resolve("Chart.yaml"));
        assertEquals(routescale.get("version"), Yaml.map(locked.get(2)).get("version"), "the local chart's own version");
    }

    @Test
    void helmDependencyBuildTakesTheLockAndRefusesATamperedOne() throws IOException {
        Path stack = HelmCharts.copyChart(Repo.STACK_CHART, tmp.resolve("routescale-stack"));
        HelmCharts.copyChart(Repo.ROUTESCALE_CHART, tmp.resolve("routescale"));
        // Helm checks the digest first; then, with the repositories not added (`helm repo add`, as the README
        // says), it stops at them. That it gets there is the proof that it took the lock.
        IllegalStateException atTheRepositories = assertThrows(IllegalStateException.class,
                () -> new Helm(stack).dependency().build().call());
        assertEquals("no repository definition for https://traefik.github.io/charts, "
                + "https://prometheus-community.github.io/helm-charts", atTheRepositories.getMessage());
        String lock = Files.readString(stack.resolve("Chart.lock"));
        Files.writeString(stack.resolve("Chart.lock"), lock.replace("version: 37.", "version: 36."));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new Helm(stack).dependency().build().call());
        assertTrue(refused.getMessage().contains(OUT_OF_SYNC), refused.getMessage());
    }

    /** npm/Masterminds caret and tilde ranges, as far as Chart.yaml uses them (^M.m.p, ~M.m.p, exact). */
    static boolean satisfies(String version, String range) {
        int[] v = parts(version);
        if (range.startsWith("^") || range.startsWith("~")) {
            int[] low = parts(range.substring(1));
            boolean atLeast = compare(v, low) >= 0;
            return atLeast && v[0] == low[0] && (range.startsWith("^") || v[1] == low[1]);
        }
        return compare(v, parts(range)) == 0;
    }

    private static int[] parts(String version) {
        String[] p = version.split("\\.");
        if (p.length != 3) {
            throw new IllegalArgumentException("not M.m.p: " + version);
        }
        return new int[]{Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])};
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }

    private static Path chart(Path dir, String name, String version, String dependencies) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("Chart.yaml"), "apiVersion: v2\nname: " + name + "\nversion: " + version + "\n" + dependencies);
        return dir;
    }
}
