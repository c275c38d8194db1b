package io.routescale.autoscaler.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a replay's files all or none: each is first written beside its place as a hidden temporary file, and
 * only when every one of them is written are they moved into place (each move atomic). A folder that cannot be
 * written therefore leaves no report of this run behind, not even the ones before it.
 */
final class ReportFiles {
    private ReportFiles() {
    }

    static void writeAll(Map<Path, String> files) throws IOException {
        Map<Path, Path> staged = new LinkedHashMap<>();
        List<Path> madeDirs = new ArrayList<>();
        try {
            for (Map.Entry<Path, String> f : files.entrySet()) {
                Path dir = f.getKey().toAbsolutePath().getParent();
                for (Path d = dir; d != null && !Files.exists(d); d = d.getParent()) {
                    madeDirs.add(d);
                }
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, "." + f.getKey().getFileName(), ".tmp");
                staged.put(tmp, f.getKey());
                Files.writeString(tmp, f.getValue());
            }
        } catch (IOException e) {
            for (Path tmp : staged.keySet()) {
                Files.deleteIfExists(tmp);
            }
            madeDirs.sort(java.util.Comparator.comparingInt(Path::getNameCount).reversed()); // children first
            for (Path dir : madeDirs) {
                try {
                    Files.deleteIfExists(dir);
                } catch (IOException notEmpty) {
                    // someone else's files are in it: leave it
                }
            }
            throw new IOException("cannot write " + e.getMessage() + " (" + e.getClass().getSimpleName() + "): no report written", e);
        }
        for (Map.Entry<Path, Path> s : staged.entrySet()) {
            Files.move(s.getKey(), s.getValue(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
