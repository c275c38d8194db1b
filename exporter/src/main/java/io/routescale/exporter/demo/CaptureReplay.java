package io.routescale.exporter.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * Replays a real Traefik capture as a live Traefik: every counter (and histogram/summary count, sum and
 * bucket) grows by its captured value every {@code 1/speed} seconds, so the capture's request mix repeats
 * at a steady rate; gauges keep their captured value. Lines are otherwise served as captured.
 */
public final class CaptureReplay {
    private record Line(String text, String seriesPrefix, double base, boolean grows) {
    }

    private final List<Line> lines = new ArrayList<>();
    private final double speed;

    public CaptureReplay(String capture, double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("replay speed must be positive, got " + speed);
        }
        this.speed = speed;
        String type = "untyped";
        for (String raw : capture.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                type = parts.length > 3 ? parts[3] : "untyped";
            }
            if (line.isEmpty() || line.startsWith("#")) {
                lines.add(new Line(raw, null, 0, false));
                continue;
            }
            int cut = line.lastIndexOf(' ');
            String name = line.split("[{ ]", 2)[0];
            boolean grows = switch (type) {
                case "counter" -> true;
                case "histogram" -> name.endsWith("_bucket") || name.endsWith("_sum") || name.endsWith("_count");
                case "summary" -> name.endsWith("_sum") || name.endsWith("_count");
                default -> false;
            };
            lines.add(new Line(raw, line.substring(0, cut + 1), Double.parseDouble(line.substring(cut + 1)), grows));
        }
    }

    /** The body at {@code seconds} after the replay started. */
    public String render(double seconds) {
        double factor = 1 + Math.floor(seconds * speed);
        StringBuilder out = new StringBuilder(lines.size() * 120);
        for (Line l : lines) {
            if (l.seriesPrefix() == null || !l.grows()) {
                out.append(l.text());
            } else {
                double v = l.base() * factor;
                out.append(l.seriesPrefix()).append(v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
