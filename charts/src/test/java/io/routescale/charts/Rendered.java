package io.routescale.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The objects one {@code helm template} printed. */
final class Rendered {
    final String text;
    final List<Map<String, Object>> objects;

    Rendered(String text) {
        this.text = text == null ? "" : text; // helm-java answers null when nothing is rendered
        this.objects = Yaml.loadAll(this.text);
    }

    List<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).collect(Collectors.toList());
    }

    Map<String, Object> single(String kind) {
        List<Map<String, Object>> found = ofKind(kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + ", found " + found.size() + " in:\n" + text);
        }
        return found.get(0);
    }

    static String name(Map<String, Object> o) {
        return String.valueOf(Yaml.at(o, "metadata", "name"));
    }

    static String describe(Map<String, Object> o) {
        return o.get("kind") + " " + name(o);
    }

    boolean isHelmHook(Map<String, Object> o) {
        return Yaml.at(o, "metadata", "annotations", HelmCharts.HOOK_MARK) != null;
    }

    /** Every pod spec with where it comes from: Pods, and the pod templates of workload kinds. */
    List<Map.Entry<String, Map<String, Object>>> podSpecs() {
        List<Map.Entry<String, Map<String, Object>>> out = new ArrayList<>();
        for (Map<String, Object> o : objects) {
            Object kind = o.get("kind");
            if ("Pod".equals(kind)) {
                out.add(Map.entry(describe(o), Yaml.map(o.get("spec"))));
            } else if (List.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job").contains(kind)) {
                out.add(Map.entry(describe(o), Yaml.map(Yaml.at(o, "spec", "template", "spec"))));
            } else if ("CronJob".equals(kind)) {
                out.add(Map.entry(describe(o), Yaml.map(Yaml.at(o, "spec", "jobTemplate", "spec", "template", "spec"))));
            }
        }
        return out;
    }
}
