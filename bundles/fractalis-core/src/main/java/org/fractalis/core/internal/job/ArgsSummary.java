package org.fractalis.core.internal.job;

import java.net.URI;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fractalis.api.backend.JobMessage;
import org.fractalis.core.internal.json.ResultJson;

/**
 * A one-line summary of a job's payload for operators ({@code fractalis:job-list}): what was asked, never a
 * credential. Credentials do not travel in the payload; still, values under secret-looking keys are masked, a
 * server URL loses its user info and query, references to data become their short id, and long things are cut.
 */
public final class ArgsSummary {
    /** Longest summary, in characters. */
    public static final int MAX = 160;
    static final String MASK = "***";
    private static final int MAX_ITEMS = 4;
    private static final int MAX_TEXT = 40;
    /** Maps and lists nested deeper than this are shown as {…} and [n items]. */
    private static final int MAX_DEPTH = 2;
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(token|passw|pwd|secret|auth|credential|cookie|api[_-]?key|private[_-]?key|session).*");
    /** fractal.js's data reference inside analytics args. */
    private static final Pattern REFERENCE = Pattern.compile("^\\$\\{\\s*\"id\"\\s*:\\s*\"([^\"]+)\".*\\}\\$$",
            Pattern.DOTALL);

    private ArgsSummary() {
    }

    /** The summary of a job message's payload (its server and descriptor, or its args). */
    public static String of(JobMessage m) {
        Map<String, Object> payload;
        try {
            payload = ResultJson.parseObject(m.payload());
        } catch (RuntimeException e) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        if (m.kind() == JobMessage.Kind.ETL) {
            if (payload.get("server") instanceof String s) {
                b.append("server=").append(server(s)).append(' ');
            }
            value(b, payload.get("descriptor"), 0);
        } else {
            value(b, payload.get("args"), 0);
        }
        return cut(b.toString().trim());
    }

    /** The summary of a map of arguments (for tests and other callers). */
    public static String of(Map<String, ?> args) {
        StringBuilder b = new StringBuilder();
        value(b, args, 0);
        return cut(b.toString());
    }

    private static String cut(String s) {
        return s.length() <= MAX ? s : s.substring(0, MAX - 1) + "…";
    }

    /** Scheme, host, port and path: no user info, query or fragment (they may carry credentials). */
    static String server(String s) {
        try {
            URI u = new URI(s);
            if (u.getHost() == null) {
                return text(s.replaceAll("[?#].*$", "").replaceAll("^[^/]*@", ""));
            }
            return u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "")
                    + (u.getRawPath() == null ? "" : u.getRawPath());
        } catch (Exception e) {
            return "?";
        }
    }

    private static void value(StringBuilder b, Object v, int depth) {
        if (b.length() > MAX) {
            return;
        }
        if (depth >= MAX_DEPTH && v instanceof Map<?, ?>) {
            b.append("{…}");
        } else if (depth >= MAX_DEPTH && v instanceof Collection<?> c) {
            b.append('[').append(c.size()).append(c.size() == 1 ? " item]" : " items]");
        } else if (v instanceof Map<?, ?> m) {
            b.append('{');
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (i++ == MAX_ITEMS) {
                    b.append(", …(+").append(m.size() - MAX_ITEMS).append(')');
                    break;
                }
                if (i > 1) {
                    b.append(", ");
                }
                String key = String.valueOf(e.getKey());
                b.append(text(key)).append('=');
                if (SECRET_KEY.matcher(key).matches() && e.getValue() != null) {
                    b.append(MASK);
                } else {
                    value(b, e.getValue(), depth + 1);
                }
            }
            b.append('}');
        } else if (v instanceof Collection<?> c) {
            b.append('[');
            Iterator<?> it = c.iterator();
            for (int i = 0; it.hasNext(); i++) {
                Object o = it.next();
                if (i > 0) {
                    b.append(", ");
                }
                if (i == MAX_ITEMS - 1 && c.size() > MAX_ITEMS) {
                    b.append("…(+").append(c.size() - i).append(')');
                    break;
                }
                value(b, o, depth + 1);
            }
            b.append(']');
        } else if (v instanceof String s) {
            Matcher ref = REFERENCE.matcher(s.trim());
            b.append(ref.matches() ? "data:" + shortId(ref.group(1)) : text(s));
        } else {
            b.append(v);
        }
    }

    private static String shortId(String id) {
        return id.length() <= 8 ? id : id.substring(0, 8);
    }

    private static String text(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() <= MAX_TEXT ? one : one.substring(0, MAX_TEXT - 1) + "…";
    }
}
