package io.routescale.autoscaler.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a trace CSV: a header naming at least {@code time_s,target,rps} (any order; other columns are
 * ignored), then one row per target per second. {@code target} is {@code namespace/name}; an empty {@code rps}
 * cell is missing data; {@code time_s} is a whole second from 0. Any bad row stops the read with its line and
 * field: nothing half-read is ever replayed.
 */
public final class TraceCsv {
    private static final Pattern TARGET = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    private static final int MAX_SECONDS = 31 * 24 * 3600;

    private TraceCsv() {
    }

    public static Trace read(String name, Reader in) throws ReplayException, IOException {
        BufferedReader lines = new BufferedReader(in);
        String header = lines.readLine();
        if (header == null) {
            throw new ReplayException(name + ": empty file, expected a header with time_s,target,rps");
        }
        List<String> columns = Arrays.stream(header.split(",", -1)).map(String::strip).toList();
        int time = columns.indexOf("time_s");
        int target = columns.indexOf("target");
        int rps = columns.indexOf("rps");
        if (time < 0 || target < 0 || rps < 0) {
            throw new ReplayException(name + ":1: header must name time_s, target and rps, got '" + header + "'");
        }
        Map<String, List<Double>> byTarget = new LinkedHashMap<>();
        String line;
        int lineNo = 1;
        while ((line = lines.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != columns.size()) {
                throw new ReplayException(name + ":" + lineNo + ": " + cells.length + " fields, the header has " + columns.size());
            }
            String where = name + ":" + lineNo + ": ";
            int t;
            try {
                t = Integer.parseInt(cells[time].strip());
            } catch (NumberFormatException e) {
                throw new ReplayException(where + "time_s '" + cells[time] + "' is not a whole number of seconds");
            }
            if (t < 0 || t > MAX_SECONDS) {
                throw new ReplayException(where + "time_s " + t + " is outside 0.." + MAX_SECONDS);
            }
            String tgt = cells[target].strip();
            if (!TARGET.matcher(tgt).matches()) {
                throw new ReplayException(where + "target '" + tgt + "' is not namespace/name");
            }
            String cell = cells[rps].strip();
            double value;
            if (cell.isEmpty()) {
                value = Double.NaN;
            } else {
                try {
                    value = Double.parseDouble(cell);
                } catch (NumberFormatException e) {
                    throw new ReplayException(where + "rps '" + cell + "' is not a number");
                }
                if (!(value >= 0) || Double.isInfinite(value)) {
                    throw new ReplayException(where + "rps " + cell + " must be a finite number >= 0 (leave it empty for a gap)");
                }
            }
            List<Double> series = byTarget.computeIfAbsent(tgt, k -> new ArrayList<>());
            if (t != series.size()) {
                throw new ReplayException(where + "time_s " + t + " for " + tgt + ": expected " + series.size()
                        + " (one row per target per second, in order)");
            }
            series.add(value);
        }
        if (byTarget.isEmpty()) {
            throw new ReplayException(name + ": no rows after the header");
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        byTarget.forEach((k, v) -> out.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
        return Trace.ofObserved(name, out);
    }
}
