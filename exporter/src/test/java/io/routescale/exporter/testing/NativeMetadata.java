package io.routescale.exporter.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks of a daemon's GraalVM reachability metadata that a JVM can make: every class a reflect-config.json
 * names exists, and every class logback.xml makes logback instantiate by reflection is registered.
 */
public final class NativeMetadata {
    private static final Pattern XML_CLASS = Pattern.compile("class=\"([^\"]+)\"");

    private NativeMetadata() {
    }

    /** The class names a reflect-config.json on the classpath registers. */
    public static TreeSet<String> registered(String resource) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        try (InputStream in = NativeMetadata.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError(resource + " is not on the classpath");
            }
            for (JsonElement entry : JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonArray()) {
                names.add(entry.getAsJsonObject().get("name").getAsString());
            }
        }
        return names;
    }

    /** Problems: classes that do not exist, and logback.xml classes that are not registered. */
    public static List<String> problems(String reflectConfig) throws IOException {
        List<String> problems = new ArrayList<>();
        TreeSet<String> names = registered(reflectConfig);
        for (String name : names) {
            try {
                Class.forName(name, false, NativeMetadata.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                problems.add(reflectConfig + " names a class that does not exist: " + name);
            }
        }
        String logback;
        try (InputStream in = NativeMetadata.class.getResourceAsStream("/logback.xml")) {
            logback = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher m = XML_CLASS.matcher(logback);
        while (m.find()) {
            if (!names.contains(m.group(1))) {
                problems.add("logback.xml instantiates " + m.group(1) + " by reflection; register it in " + reflectConfig);
            }
        }
        return problems;
    }
}
