package org.fractalis.http;

import java.net.URI;

/** Keeps secrets out of messages and logs. */
public final class Redaction {
    /** What replaces a secret. */
    public static final String MASK = "***";

    private Redaction() {
    }

    /**
     * The text with every occurrence of each non-empty secret (and its URL-encoded form) replaced by
     * {@link #MASK}. Null secrets are ignored; a null text gives an empty string.
     */
    public static String secrets(String text, String... secrets) {
        if (text == null) {
            return "";
        }
        String out = text;
        for (String s : secrets) {
            if (s != null && !s.isEmpty()) {
                out = out.replace(s, MASK);
                String encoded = java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
                if (!encoded.equals(s)) {
                    out = out.replace(encoded, MASK);
                }
            }
        }
        return out;
    }

    /** The URI for messages: scheme, host, port and path only (no user info, query or fragment). */
    public static String uri(URI uri) {
        if (uri == null) {
            return "";
        }
        if (uri.getHost() == null) {
            return uri.getScheme() == null ? "(relative URL)" : uri.getScheme() + ":…";
        }
        StringBuilder b = new StringBuilder();
        b.append(uri.getScheme()).append("://").append(uri.getHost());
        if (uri.getPort() >= 0) {
            b.append(':').append(uri.getPort());
        }
        if (uri.getRawPath() != null) {
            b.append(uri.getRawPath());
        }
        return b.toString();
    }

    /** A one-line text: whitespace runs collapsed to one space, cut after maxChars with an ellipsis. */
    public static String snippet(String text, int maxChars) {
        if (text == null) {
            return "";
        }
        String s = text.replaceAll("\\s+", " ").trim();
        return s.length() <= maxChars ? s : s.substring(0, Math.max(0, maxChars)) + "…";
    }
}
