package io.routescale.exporter.nativeimage;

import io.routescale.exporter.testing.NativeMetadata;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The exporter's own reachability metadata matches the code and the logging configuration. */
class NativeImageMetadataTest {
    @Test
    void reflectConfigCoversLogbackAndNamesOnlyRealClasses() throws Exception {
        assertEquals(List.of(), NativeMetadata.problems("/META-INF/native-image/io.routescale/routescale-exporter/reflect-config.json"));
    }
}
