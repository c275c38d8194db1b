package io.routescale.autoscaler.nativeimage;

import com.google.gson.JsonParser;
import io.routescale.autoscaler.replay.ReplayCommand;
import io.routescale.exporter.testing.NativeMetadata;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.codegen.aot.graalvm.ReflectionConfigGenerator;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The autoscaler's own reachability metadata matches the code and the logging configuration. */
class NativeImageMetadataTest {
    private static final String PICOCLI = "/META-INF/native-image/io.routescale/routescale-autoscaler-replay/reflect-config.json";

    @Test
    void reflectConfigCoversLogbackAndNamesOnlyRealClasses() throws Exception {
        assertEquals(List.of(), NativeMetadata.problems("/META-INF/native-image/io.routescale/routescale-autoscaler/reflect-config.json"));
    }

    /**
     * picocli reads the replay command's annotations by reflection. Its own generator writes what a native
     * image needs; the committed file must be exactly that. To regenerate, run this test with
     * -Droutescale.writeNativeMetadata=true.
     */
    @Test
    void replayCommandMetadataIsWhatPicocliGenerates() throws Exception {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        String generated = ReflectionConfigGenerator.generateReflectionConfig(
                new CommandLine(new ReplayCommand(sink, sink)).getCommandSpec());
        Path source = Path.of("src/main/resources" + PICOCLI);
        if (Boolean.getBoolean("routescale.writeNativeMetadata")) {
            Files.createDirectories(source.getParent());
            Files.writeString(source, generated);
        }
        String committed;
        try (InputStream in = getClass().getResourceAsStream(PICOCLI)) {
            committed = in == null ? "[]" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(JsonParser.parseString(generated), JsonParser.parseString(committed),
                "regenerate with -Droutescale.writeNativeMetadata=true");
    }
}
