package org.fractalis.http;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One request, built fluently: {@code HttpCall.post(uri).accept("application/json").form(Map.of(...))}.
 * Not thread-safe; build one per request. Redirects are not followed unless {@link #followRedirects} is set.
 */
public final class HttpCall {
    private final String method;
    private final String base;
    private final List<String[]> query = new ArrayList<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private byte[] body;
    private Duration timeout;
    private int maxRedirects;
    private Predicate<URI> redirectAllowed = u -> false;

    private HttpCall(String method, String url) {
        this.method = method;
        this.base = Objects.requireNonNull(url, "url");
    }

    /** A GET of the URL (an absolute http(s) URL; its query, if any, is kept). */
    public static HttpCall get(String url) {
        return new HttpCall("GET", url);
    }

    /** A POST to the URL. */
    public static HttpCall post(String url) {
        return new HttpCall("POST", url);
    }

    /** Adds a query parameter (URL-encoded here; the same name may be added several times). */
    public HttpCall query(String name, String value) {
        query.add(new String[] {name, value});
        return this;
    }

    /** Sets a request header (replaces an earlier value of the same name). */
    public HttpCall header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** {@code Accept: <mediaType>}. */
    public HttpCall accept(String mediaType) {
        return header("Accept", mediaType);
    }

    /** {@code Authorization: Bearer <token>}, or nothing when the token is null or empty. */
    public HttpCall bearer(String token) {
        if (token != null && !token.isEmpty()) {
            header("Authorization", "Bearer " + token);
        }
        return this;
    }

    /** {@code Cookie: name=value}. */
    public HttpCall cookie(String name, String value) {
        return header("Cookie", name + "=" + value);
    }

    /** An {@code application/x-www-form-urlencoded} body with these fields, in iteration order. */
    public HttpCall form(Map<String, String> fields) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(encode(e.getKey())).append('=').append(encode(e.getValue() == null ? "" : e.getValue()));
        }
        return body("application/x-www-form-urlencoded", b.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** An {@code application/json} body: the given JSON text (serialize it with a JSON library). */
    public HttpCall json(String jsonText) {
        return body("application/json", jsonText.getBytes(StandardCharsets.UTF_8));
    }

    /** A body of the given content type. */
    public HttpCall body(String contentType, byte[] bytes) {
        header("Content-Type", contentType);
        this.body = bytes.clone();
        return this;
    }

    /** Overrides the client's read timeout for this call. */
    public HttpCall timeout(Duration d) {
        this.timeout = d;
        return this;
    }

    /**
     * Follows up to {@code max} redirects (GET only), each target checked by {@code allowed}; a target it
     * refuses fails the call with {@link HttpException.Reason#INVALID_REQUEST}.
     */
    public HttpCall followRedirects(int max, Predicate<URI> allowed) {
        this.maxRedirects = max;
        this.redirectAllowed = Objects.requireNonNull(allowed, "allowed");
        return this;
    }

    String method() {
        return method;
    }

    Map<String, String> headers() {
        return headers;
    }

    byte[] body() {
        return body;
    }

    Duration timeout() {
        return timeout;
    }

    int maxRedirects() {
        return maxRedirects;
    }

    Predicate<URI> redirectAllowed() {
        return redirectAllowed;
    }

    /** The full URI with the query parameters; fails for anything but an absolute http(s) URL. */
    URI uri() throws HttpException {
        StringBuilder b = new StringBuilder(base);
        if (!query.isEmpty()) {
            b.append(base.indexOf('?') >= 0 ? '&' : '?');
            boolean first = true;
            for (String[] q : query) {
                if (!first) {
                    b.append('&');
                }
                first = false;
                b.append(encode(q[0])).append('=').append(encode(q[1] == null ? "" : q[1]));
            }
        }
        return checkedUri(b.toString());
    }

    /** Parses an absolute http(s) URL with a host. */
    public static URI checkedUri(String url) throws HttpException {
        URI u;
        try {
            u = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new HttpException(HttpException.Reason.INVALID_REQUEST,
                    "'" + Redaction.snippet(stripQuery(url), 200) + "' is not a valid URL.");
        }
        String scheme = u.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || u.getHost() == null || u.getHost().isEmpty()) {
            throw new HttpException(HttpException.Reason.INVALID_REQUEST,
                    "'" + Redaction.snippet(stripQuery(url), 200) + "' is not an absolute http(s) URL.");
        }
        return u;
    }

    private static String stripQuery(String url) {
        int q = url.indexOf('?');
        String s = q < 0 ? url : url.substring(0, q);
        int scheme = s.indexOf("://");
        if (scheme < 0) {
            return s;
        }
        int slash = s.indexOf('/', scheme + 3);
        int at = s.lastIndexOf('@', slash < 0 ? s.length() - 1 : slash);
        return at > scheme ? s.substring(0, scheme + 3) + s.substring(at + 1) : s;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
