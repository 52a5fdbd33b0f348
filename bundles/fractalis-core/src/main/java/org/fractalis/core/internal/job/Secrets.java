package org.fractalis.core.internal.job;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Keeps a job's credentials out of the messages and log lines its failures produce (the same rules as the
 * connectors' {@code org.fractalis.http.Redaction}, which core does not depend on): a secret (or its URL-encoded
 * form) is masked where it stands as a whole value; a text holding a secret too short to mask safely is withheld
 * whole.
 */
final class Secrets {
    static final String MASK = "***";
    static final String WITHHELD = "(details withheld: they may contain a credential)";
    static final int MIN_MASKED_LENGTH = 4;

    private final List<String> secrets;

    private Secrets(List<String> secrets) {
        this.secrets = secrets;
    }

    static Secrets none() {
        return new Secrets(List.of());
    }

    /** The token and every string inside the auth object of an ETL's credentials. */
    static Secrets of(Map<String, Object> credentials) {
        List<String> out = new ArrayList<>();
        collect(credentials, out);
        return new Secrets(out);
    }

    /** These secrets and one more (a token a login just returned). */
    Secrets with(String secret) {
        List<String> out = new ArrayList<>(secrets);
        collect(secret, out);
        return new Secrets(out);
    }

    private static void collect(Object v, List<String> out) {
        if (v instanceof String s && !s.isEmpty()) {
            out.add(s);
            String e = URLEncoder.encode(s, StandardCharsets.UTF_8);
            if (!e.equals(s)) {
                out.add(e);
            }
        } else if (v instanceof Map<?, ?> m) {
            m.values().forEach(x -> collect(x, out));
        } else if (v instanceof Collection<?> c) {
            c.forEach(x -> collect(x, out));
        }
    }

    /** The text with the secrets masked, or {@link #WITHHELD} if a short one appears in it. */
    String redact(String text) {
        if (text == null) {
            return "";
        }
        for (String s : secrets) {
            if (s.length() < MIN_MASKED_LENGTH && indexOfValue(text, s, 0) >= 0) {
                return WITHHELD;
            }
        }
        String out = text;
        for (String s : secrets) {
            if (s.length() >= MIN_MASKED_LENGTH) {
                StringBuilder b = new StringBuilder();
                int from = 0;
                int i;
                while ((i = indexOfValue(out, s, from)) >= 0) {
                    b.append(out, from, i).append(MASK);
                    from = i + s.length();
                }
                out = b.append(out, from, out.length()).toString();
            }
        }
        return out;
    }

    /**
     * A copy of the throwable (and its causes) whose messages are redacted, with the original stack traces: what the
     * log gets, so the trace is there once and the credential is not.
     */
    Throwable redact(Throwable t) {
        if (secrets.isEmpty() || t == null) {
            return t;
        }
        Throwable copy = new Redacted(t.getClass().getName() + (t.getMessage() == null ? "" : ": "
                + redact(t.getMessage())), t.getCause() == t ? null : redact(t.getCause()));
        copy.setStackTrace(t.getStackTrace());
        return copy;
    }

    /** The first occurrence of the secret at or after {@code from} that is not part of a longer word. */
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

    /** A logged stand-in for a throwable whose message held a credential: "ClassName: redacted message". */
    static final class Redacted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Redacted(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public String toString() {
            return getMessage();
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // the original's trace is set instead
        }
    }
}
