package io.routescale.exporter.parse;

/** Read-only view of one sample's label pairs, in exposition order; reused between samples. */
public final class LabelView {
    private String[] names = new String[8];
    private String[] values = new String[8];
    private int size;

    void clear() {
        size = 0;
    }

    void add(String name, String value) {
        if (size == names.length) {
            names = java.util.Arrays.copyOf(names, size * 2);
            values = java.util.Arrays.copyOf(values, size * 2);
        }
        names[size] = name;
        values[size] = value;
        size++;
    }

    public int size() {
        return size;
    }

    public String name(int i) {
        return names[i];
    }

    public String value(int i) {
        return values[i];
    }

    /** The value of label {@code name}, or null when the sample has no such label. */
    public String get(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                return values[i];
            }
        }
        return null;
    }

    /** A copy for tests and diagnostics: {@code {a="1",b="2"}}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(names[i]).append("=\"").append(values[i]).append('"');
        }
        return sb.append('}').toString();
    }
}
