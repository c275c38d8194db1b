package io.routescale.exporter.naming;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Traefik's own naming rules, re-implemented to compute the names Traefik gives Kubernetes objects. */
public final class TraefikNames {
    private TraefikNames() {
    }

    /**
     * {@code provider.Normalize} (pkg/provider/configuration.go): split on every rune that is neither a letter
     * nor a digit, join the pieces with '-'. Case is kept.
     */
    public static String normalize(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean pendingDash = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetter(cp) || Character.isDigit(cp)) {
                if (pendingDash && out.length() > 0) {
                    out.append('-');
                }
                pendingDash = false;
                out.appendCodePoint(cp);
            } else {
                pendingDash = true;
            }
        }
        return out.toString();
    }

    /** First 10 bytes of SHA-256, as 20 hex characters: Traefik's suffix for IngressRoute routers. */
    public static String hash20(String routeMatch) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(routeMatch.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** The part before '@', and the provider after it ("" when there is none). */
    public static String[] splitProvider(String qualified) {
        int at = qualified.lastIndexOf('@');
        return at < 0 ? new String[] {qualified, ""} : new String[] {qualified.substring(0, at), qualified.substring(at + 1)};
    }

    /**
     * Makes any text an RFC 1123 label: lower case, {@code [a-z0-9-]}, alphanumeric at both ends, at most 63
     * characters. Kubernetes object names are lower case already, so lowering case loses nothing real.
     */
    public static String dnsLabel(String s) {
        StringBuilder out = new StringBuilder(Math.min(63, s.length()));
        for (int i = 0; i < s.length() && out.length() < 63; i++) {
            char c = Character.toLowerCase(s.charAt(i));
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (ok) {
                out.append(c);
            } else if (out.length() > 0 && out.charAt(out.length() - 1) != '-') {
                out.append('-');
            }
        }
        while (out.length() > 0 && out.charAt(out.length() - 1) == '-') {
            out.setLength(out.length() - 1);
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    static boolean isHash20(String s) {
        if (s.length() != 20) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
