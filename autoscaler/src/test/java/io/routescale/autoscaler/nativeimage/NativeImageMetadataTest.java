package io.routescale.autoscaler.nativeimage;

import com.google.gson.JsonParser;
import io.routescale.autoscaler.replay.HtmlReport;
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

    /** report.html is made of classpath resources: each is in the image's resource includes, and exists. */
    @Test
    void theReportPagesResourcesAreIncluded() throws Exception {
        String config;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/native-image/io.routescale/routescale-autoscaler-replay/resource-config.json")) {
            config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<java.util.regex.Pattern> includes = new java.util.ArrayList<>();
        for (var include : JsonParser.parseString(config).getAsJsonObject().getAsJsonObject("resources").getAsJsonArray("includes")) {
            includes.add(java.util.regex.Pattern.compile(include.getAsJsonObject().get("pattern").getAsString()));
        }
        assertEquals(HtmlReport.RESOURCES.size(), includes.size(), "one include per resource, no stale ones");
        for (String resource : HtmlReport.RESOURCES) {
            assertEquals(1, includes.stream().filter(p -> p.matcher(resource).matches()).count(), resource);
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
                assertEquals(true, in != null, resource + " on the classpath");
            }
        }
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
