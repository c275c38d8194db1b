package io.routescale.autoscaler;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The shape of the code (issue 12 item 5): client-java only in {@code k8s} and the wiring at the root, and no
 * cycle between the autoscaler's packages (policy, signals, decide, act, explain each behind its own ports).
 */
class PackageDependenciesTest {
    private static final Path MAIN = Path.of("src/main/java/io/routescale/autoscaler");
    private static final Pattern OWN = Pattern.compile("^import io\\.routescale\\.autoscaler\\.([a-z0-9]+)\\.", Pattern.MULTILINE);

    private static Map<String, String> sources() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                out.put(MAIN.relativize(f).toString(), Files.readString(f));
            }
        }
        return out;
    }

    private static String packageOf(String file) {
        int slash = file.indexOf('/');
        return slash < 0 ? "" : file.substring(0, slash);
    }

    @Test
    void clientJavaIsUsedOnlyInK8sAndTheWiring() throws IOException {
        List<String> outside = new ArrayList<>();
        sources().forEach((file, text) -> {
            String pkg = packageOf(file);
            if (text.contains("import io.kubernetes.client") && !pkg.equals("k8s") && !pkg.isEmpty()) {
                outside.add(file);
            }
        });
        assertEquals(List.of(), outside);
    }

    @Test
    void thePackagesDependOnEachOtherWithoutACycle() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        sources().forEach((file, text) -> {
            String pkg = packageOf(file);
            if (pkg.isEmpty()) {
                return;   // the root wires everything together
            }
            Matcher m = OWN.matcher(text);
            while (m.find()) {
                if (!m.group(1).equals(pkg)) {
                    uses.computeIfAbsent(pkg, k -> new TreeSet<>()).add(m.group(1));
                }
            }
        });
        List<String> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            if (reaches(uses, start, start, new TreeSet<>())) {
                cycles.add(start + " reaches itself through " + uses.get(start));
            }
        }
        assertEquals(List.of(), cycles, "package graph: " + uses);
    }

    private static boolean reaches(Map<String, Set<String>> uses, String from, String target, Set<String> seen) {
        for (String next : uses.getOrDefault(from, Set.of())) {
            if (next.equals(target)) {
                return true;
            }
            if (seen.add(next) && reaches(uses, next, target, seen)) {
                return true;
            }
        }
        return false;
    }
}
