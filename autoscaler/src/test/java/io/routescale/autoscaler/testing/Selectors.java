package io.routescale.autoscaler.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Label and field selectors as the API server reads them (Kubernetes "Labels and Selectors": equality-based
 * {@code k=v}, {@code k==v}, {@code k!=v}; set-based {@code k in (a,b)}, {@code k notin (a,b)}, {@code k},
 * {@code !k}; terms joined by commas, all must hold). Field selectors: {@code metadata.name} and
 * {@code metadata.namespace} with {@code =}, {@code ==}, {@code !=}, which every resource supports; any other
 * field is refused, as a real server refuses a field it does not index for that resource.
 */
final class Selectors {
    private Selectors() {
    }

    /** A selector that cannot be read; the server answers 400 with this message. */
    static final class BadSelector extends RuntimeException {
        BadSelector(String message) {
            super(message);
        }
    }

    static Predicate<JsonNode> labels(String selector) {
        List<Predicate<JsonNode>> terms = new ArrayList<>();
        for (String term : terms(selector)) {
            terms.add(labelTerm(term));
        }
        return o -> terms.stream().allMatch(t -> t.test(o.path("metadata").path("labels")));
    }

    static Predicate<JsonNode> fields(String selector) {
        List<Predicate<JsonNode>> terms = new ArrayList<>();
        for (String term : terms(selector)) {
            boolean negated = term.contains("!=");
            String[] kv = term.split("!=|==|=", 2);
            if (kv.length != 2) {
                throw new BadSelector("invalid field selector term: " + term);
            }
            String field = kv[0].trim();
            String value = kv[1].trim();
            if (!field.equals("metadata.name") && !field.equals("metadata.namespace")) {
                throw new BadSelector("field label not supported: " + field);
            }
            String leaf = field.substring("metadata.".length());
            terms.add(o -> value.equals(o.path("metadata").path(leaf).asText()) != negated);
        }
        return o -> terms.stream().allMatch(t -> t.test(o));
    }

    private static Predicate<JsonNode> labelTerm(String term) {
        String t = term.trim();
        int in = t.indexOf(" in ");
        int notin = t.indexOf(" notin ");
        if (in > 0 || notin > 0) {
            boolean negated = notin > 0;
            String key = t.substring(0, negated ? notin : in).trim();
            String rest = t.substring((negated ? notin + 7 : in + 4)).trim();
            if (!rest.startsWith("(") || !rest.endsWith(")")) {
                throw new BadSelector("unable to parse requirement: " + t);
            }
            Set<String> values = Set.of(rest.substring(1, rest.length() - 1).trim().split("\\s*,\\s*"));
            return labels -> labels.has(key) ? values.contains(labels.path(key).asText()) != negated : negated;
        }
        if (t.contains("!=")) {
            String[] kv = t.split("!=", 2);
            String key = kv[0].trim();
            String value = kv[1].trim();
            return labels -> !value.equals(labels.path(key).asText(null));
        }
        if (t.contains("=")) {
            String[] kv = t.split("==|=", 2);
            String key = kv[0].trim();
            String value = kv[1].trim();
            return labels -> labels.has(key) && value.equals(labels.path(key).asText());
        }
        if (t.startsWith("!")) {
            String key = t.substring(1).trim();
            return labels -> !labels.has(key);
        }
        if (t.isEmpty() || !t.matches("[A-Za-z0-9./_-]+")) {
            throw new BadSelector("unable to parse requirement: " + t);
        }
        return labels -> labels.has(t);
    }

    /** Terms split on the commas outside parentheses. */
    private static List<String> terms(String selector) {
        List<String> out = new ArrayList<>();
        if (selector == null || selector.isBlank()) {
            return out;
        }
        int depth = 0;
        int start = 0;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        out.add(selector.substring(start));
        return out;
    }
}
