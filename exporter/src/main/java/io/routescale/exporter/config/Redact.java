package io.routescale.exporter.config;

import java.net.URI;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A URL as it may be written to a log or an answer: user info (a password) and query values (a token) replaced
 * by {@code ***}, the rest as given, so an operator still sees which endpoint is meant.
 */
public final class Redact {
    private Redact() {
    }

    public static String url(URI url) {
        String authority = url.getRawAuthority();
        // A URL without a host parses its authority as a registry name: user info is then only in the raw text.
        boolean userInfo = authority != null && authority.contains("@");
        if (!userInfo && url.getRawQuery() == null) {
            return url.toString();
        }
        StringBuilder s = new StringBuilder();
        if (url.getScheme() != null) {
            s.append(url.getScheme()).append(':');
        }
        if (authority != null) {
            s.append("//").append(userInfo ? "***@" + authority.substring(authority.lastIndexOf('@') + 1) : authority);
        }
        s.append(url.getRawPath() == null ? "" : url.getRawPath());
        if (url.getRawQuery() != null) {
            s.append('?').append(Arrays.stream(url.getRawQuery().split("&"))
                    .map(p -> p.contains("=") ? p.substring(0, p.indexOf('=')) + "=***" : p).collect(Collectors.joining("&")));
        }
        return s.toString();
    }
}
