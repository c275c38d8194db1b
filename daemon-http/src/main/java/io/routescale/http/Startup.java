package io.routescale.http;

import io.micronaut.context.exceptions.BeanContextException;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.context.exceptions.DependencyInjectionException;
import io.micronaut.context.exceptions.NoSuchBeanException;
import io.micronaut.http.server.exceptions.ServerStartupException;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.exceptions.ApplicationStartupException;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts a daemon, and when it cannot start says why in one line on stderr and exits 2, instead of Micronaut's
 * 40-line stack trace (its own startup logger is off in logback.xml for that reason; the daemons log their own
 * start). Micronaut maps exit codes per exception class, so the classes a start fails with are listed.
 */
public final class Startup {
    static final List<Class<? extends Throwable>> START_FAILURES = List.of(BeanInstantiationException.class,
            DependencyInjectionException.class, ConfigurationException.class, BeanContextException.class,
            NoSuchBeanException.class, ServerStartupException.class, ApplicationStartupException.class,
            IllegalArgumentException.class, IllegalStateException.class, UncheckedIOException.class, RuntimeException.class);

    private Startup() {
    }

    /** @param prefix the daemon's configuration prefix, e.g. {@code routescale.exporter}: violations are named by it */
    public static void run(Class<?> main, String program, String prefix, String[] args) {
        Micronaut micronaut = Micronaut.build(args).mainClass(main).banner(false);
        for (Class<? extends Throwable> failure : START_FAILURES) {
            micronaut.mapError(failure, e -> {
                System.err.println(oneLine(program, prefix, e));
                return 2;
            });
        }
        micronaut.start();
    }

    /**
     * {@code <program>: cannot start: <why>}: the innermost cause's first line, or for a bean validation failure its
     * violations by property name ({@code routescale.exporter.min-window-coverage: must be less than or equal to 1.0}).
     */
    static String oneLine(String program, String prefix, Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        List<String> violations = new ArrayList<>();
        Matcher m = VIOLATION.matcher(message);
        while (m.find()) {
            violations.add(prefix + "." + kebab(m.group(1)) + ": " + m.group(2).strip());
        }
        String why = violations.isEmpty() ? message.lines().findFirst().orElse("").strip() : String.join("; ", violations);
        return program + ": cannot start: " + why;
    }

    /** A line of Micronaut's "List of constraint violations": {@code <tab>a.b.SomeConfig.field - message}. */
    private static final Pattern VIOLATION = Pattern.compile("(?m)^\\s+[\\w.$]+\\.(\\w+) - (.+)$");

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

}
