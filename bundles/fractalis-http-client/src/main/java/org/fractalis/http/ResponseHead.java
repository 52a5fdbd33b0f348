package org.fractalis.http;

import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Status line and headers of an answer.
 *
 * @param uri the URI that answered (after redirects, if the call followed any)
 * @param status the HTTP status code
 * @param headers the response headers
 */
public record ResponseHead(URI uri, int status, HttpHeaders headers) {

    /** The first value of a header, if any (names are case-insensitive). */
    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public boolean isRedirect() {
        return status >= 300 && status < 400;
    }

    /** The media type without parameters, lower case, e.g. {@code application/json}; empty if none. */
    public String mediaType() {
        String ct = header("Content-Type").orElse("");
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** The charset of {@code Content-Type}, or UTF-8 when none or unknown. */
    public Charset charset() {
        String ct = header("Content-Type").orElse("");
        for (String part : ct.split(";")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                String name = p.substring(8).trim().replace("\"", "");
                try {
                    return Charset.forName(name);
                } catch (RuntimeException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** All cookies of all {@code Set-Cookie} headers; malformed headers are skipped. */
    public List<HttpCookie> cookies() {
        List<HttpCookie> out = new ArrayList<>();
        for (String h : headers.allValues("Set-Cookie")) {
            try {
                out.addAll(HttpCookie.parse(h));
            } catch (IllegalArgumentException e) {
                // a malformed Set-Cookie header is not ours to repair; other headers may still carry the cookie
            }
        }
        return out;
    }

    /** The value of the named cookie set by this answer (the last one wins), if any. */
    public Optional<String> cookie(String name) {
        String value = null;
        for (HttpCookie c : cookies()) {
            if (c.getName().equals(name)) {
                value = c.getValue();
            }
        }
        return Optional.ofNullable(value);
    }
}
