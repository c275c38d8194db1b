package io.routescale.charts;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain-map YAML for tests: safe loading (no object construction), block-style dumping, Helm's deep merge. */
final class Yaml {
    private Yaml() {
    }

    private static org.yaml.snakeyaml.Yaml yaml() {
        DumperOptions dump = new DumperOptions();
        dump.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        dump.setWidth(120);
        return new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions()), new org.yaml.snakeyaml.representer.Representer(dump), dump);
    }

    static Map<String, Object> load(Path file) throws IOException {
        return map(yaml().load(Files.readString(file)));
    }

    /** Every non-empty document of a multi-document stream (what {@code helm template} prints). */
    static List<Map<String, Object>> loadAll(String text) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object doc : yaml().loadAll(text)) {
            if (doc != null) {
                out.add(map(doc));
            }
        }
        return out;
    }

    static String dump(Object value) {
        return yaml().dump(value);
    }

    /** Helm's value merge: maps merge key by key, anything else in {@code over} replaces {@code base}. */
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        over.forEach((k, v) -> {
            Object b = out.get(k);
            out.put(k, b instanceof Map && v instanceof Map ? merge(map(b), map(v)) : v);
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        if (o == null) {
            return Map.of();
        }
        if (!(o instanceof Map)) {
            throw new AssertionError("expected a map, got " + o.getClass().getSimpleName() + ": " + o);
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        if (o == null) {
            return List.of();
        }
        if (!(o instanceof List)) {
            throw new AssertionError("expected a list, got " + o.getClass().getSimpleName() + ": " + o);
        }
        return (List<Object>) o;
    }

    /** Follows a path of map keys and list indexes ("0"); null where any step is absent. */
    static Object at(Object root, String... keys) {
        Object cur = root;
        for (String k : keys) {
            if (cur instanceof List<?> list && k.chars().allMatch(Character::isDigit)) {
                int i = Integer.parseInt(k);
                cur = i < list.size() ? list.get(i) : null;
            } else if (cur instanceof Map<?, ?> map) {
                cur = map.get(k);
            } else {
                return null;
            }
        }
        return cur;
    }
}
