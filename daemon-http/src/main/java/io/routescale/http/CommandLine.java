package io.routescale.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Properties;

/**
 * What both daemons answer before they start: {@code --help} and {@code --version} print and exit, so asking a
 * jar what it is never starts a daemon that campaigns for a Lease or scrapes Traefik.
 */
public final class CommandLine {
    private CommandLine() {
    }

    /**
     * @param usage what {@code --help} prints (after the version line)
     * @return the exit code when the arguments were a question that has been answered; -1 to start the daemon
     */
    public static int answer(String program, String usage, String[] args, PrintStream out) {
        for (String a : args) {
            if (a.equals("--version") || a.equals("-V")) {
                out.println(program + " " + version());
                return 0;
            }
            if (a.equals("--help") || a.equals("-h")) {
                out.println(program + " " + version());
                out.print(usage);
                return 0;
            }
        }
        return -1;
    }

    /** The project version the jar was built from; {@code unknown} outside a build. */
    public static String version() {
        try (InputStream in = CommandLine.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
