package org.fractalis.http;

import java.net.URI;

/** Keeps secrets out of messages and logs. */
public final class Redaction {
    /** What replaces a secret. */
    public static final String MASK = "***";

    private Redaction() {
    }

    /** What replaces a whole text that held a secret too short to mask safely. */
    public static final String WITHHELD = "(details withheld: they may contain a credential)";

    /**
     * Secrets shorter than this are never masked in place: a mask over one or two letters would garble every
     * word around them and still hint at the secret, so a text holding one loses the whole text instead.
     */
    public static final int MIN_MASKED_LENGTH = 4;

    /**
     * The text with each secret (and its URL-encoded form) masked where it appears as a whole value: not
     * preceded or followed by a letter, digit, {@code _} or {@code -}. A user name {@code u} thus leaves
     * "unknown host" alone. When a secret shorter than {@link #MIN_MASKED_LENGTH} characters appears as a
     * whole value, the whole text is replaced by {@link #WITHHELD}, since masking it in place would not hide
     * it. Null and empty secrets are ignored; a null text gives an empty string.
     */
    public static String secrets(String text, String... secrets) {
        if (text == null) {
            return "";
        }
        if (secrets == null) {
            return text;
        }
        for (String s : secrets) {
            if (s != null && !s.isEmpty() && s.length() < MIN_MASKED_LENGTH
                    && (indexOfValue(text, s, 0) >= 0 || indexOfValue(text, encoded(s), 0) >= 0)) {
                return WITHHELD;
            }
        }
        String out = text;
        for (String s : secrets) {
            if (s != null && s.length() >= MIN_MASKED_LENGTH) {
                out = maskValues(out, s);
                String e = encoded(s);
                if (!e.equals(s)) {
                    out = maskValues(out, e);
                }
            }
        }
        return out;
    }

    private static String encoded(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String maskValues(String text, String secret) {
        StringBuilder b = null;
        int from = 0;
        int i;
        while ((i = indexOfValue(text, secret, from)) >= 0) {
            if (b == null) {
                b = new StringBuilder(text.length());
            }
            b.append(text, from, i).append(MASK);
            from = i + secret.length();
        }
        return b == null ? text : b.append(text, from, text.length()).toString();
    }

    /** The first occurrence of the secret at or after {@code from} that is a whole value, or -1. */
    private static int indexOfValue(String text, String secret, int from) {
        int i = text.indexOf(secret, from);
        while (i >= 0) {
            int end = i + secret.length();
            boolean startOk = i == 0 || !valueChar(text.charAt(i - 1)) || !valueChar(secret.charAt(0));
            boolean endOk = end == text.length() || !valueChar(text.charAt(end))
                    || !valueChar(secret.charAt(secret.length() - 1));
            if (startOk && endOk) {
                return i;
            }
            i = text.indexOf(secret, i + 1);
        }
        return -1;
    }

    private static boolean valueChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }

    /**
     * A server's HTTP status for messages, e.g. {@code HTTP 502 (Bad Gateway)}: what a connector reports
     * instead of the answer's body, which is never echoed to users (it may come from a host the user should
     * not read, or hold internal details).
     */
    public static String status(int status) {
        String reason = switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> null;
        };
        return "HTTP " + status + (reason == null ? "" : " (" + reason + ")");
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
