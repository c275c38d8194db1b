package io.routescale.charts;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A fresh machine needs only Java: the README's two commands go through the Maven wrapper, and CI runs the second. */
class NewcomerPathTest {
    private static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);

    @Test
    void theReadmesTwoCommandsNeedNoPreinstalledMaven() throws IOException {
        String readme = Files.readString(Repo.ROOT.resolve("README.md"));
        Matcher blocks = SH_BLOCK.matcher(readme);
        assertTrue(blocks.find());
        assertEquals("./mvnw -B -q -DskipTests package && java -jar "
                + "autoscaler/target/routescale-autoscaler-0.1.0-SNAPSHOT.jar replay", blocks.group(1).strip());
        assertTrue(blocks.find());
        assertEquals("scripts/test.sh", blocks.group(1).strip());
        assertTrue(Files.readString(Repo.ROOT.resolve(".ci/run")).strip().endsWith("exec bash scripts/test.sh"));
    }

    @Test
    void noScriptCallsAMavenThatMayNotBeInstalled() throws IOException {
        Pattern bareMvn = Pattern.compile("(^|[\\s;&|(])mvn\\s", Pattern.MULTILINE);
        try (Stream<Path> files = Files.walk(Repo.ROOT.resolve("scripts"))) {
            for (Path script : files.filter(f -> f.toString().endsWith(".sh")).toList()) {
                assertFalse(bareMvn.matcher(Files.readString(script)).find(), script + " calls mvn, not ./mvnw");
            }
        }
    }

    @Test
    void theWrapperPinsMavenFromCentralByChecksumAndIsExecutable() throws IOException {
        Properties wrapper = new Properties();
        try (var in = Files.newInputStream(Repo.ROOT.resolve(".mvn/wrapper/maven-wrapper.properties"))) {
            wrapper.load(in);
        }
        assertEquals("https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/3.9.16/apache-maven-3.9.16-bin.zip",
                wrapper.getProperty("distributionUrl"));
        assertTrue(wrapper.getProperty("distributionSha256Sum", "").matches("[0-9a-f]{64}"), wrapper.toString());
        for (String script : List.of("mvnw", "scripts/test.sh", ".ci/run")) {
            assertTrue(Files.getPosixFilePermissions(Repo.ROOT.resolve(script)).contains(PosixFilePermission.OWNER_EXECUTE),
                    script + " is not executable");
        }
    }
}
