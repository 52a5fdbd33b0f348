package org.fractalis.itests;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** One browser: an HTTP client with its own cookie jar, talking JSON to the node like fractal.js does. */
public final class Browser {
    static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient client;
    private final String origin;

    /** A browser that already holds a session cookie (e.g. copied from a browser of another web node). */
    public static Browser withCookie(String base, String origin, String session) {
        Browser b = new Browser(base, origin);
        HttpCookie c = new HttpCookie("session", session);
        c.setPath("/");
        c.setVersion(0);
        b.cookies.getCookieStore().add(URI.create(base), c);
        return b;
    }

    public Browser(String base, String origin) {
        this.base = base;
        this.origin = origin;
        this.client = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A response: status, headers and body (parsed when JSON). */
    public record Reply(int status, Map<String, List<String>> headers, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> String.join(", ", e.getValue())).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public Reply get(String path) {
        return send(builder(path).GET());
    }

    public Reply delete(String path) {
        return send(builder(path).DELETE());
    }

    public Reply post(String path, Object body) {
        try {
            String text = body instanceof String s ? s : JSON.writeValueAsString(body);
            return send(builder(path).header("Content-Type", "application/json;charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(text)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public Reply postBytes(String path, byte[] body) {
        return send(builder(path).header("Content-Type", "application/json;charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /**
     * A POST that declares a body of {@code length} bytes and sends none of it (on a bare socket, with this
     * browser's Origin and cookie). A node refuses an oversized body by its Content-Length and closes the
     * connection; a client still writing that body may get a broken pipe instead of the 413.
     */
    public Reply postDeclaringLength(String path, long length) {
        URI uri = URI.create(base + path);
        StringBuilder head = new StringBuilder("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost()
                + ":" + uri.getPort() + "\r\nAccept: application/json\r\n"
                + "Content-Type: application/json;charset=utf-8\r\nContent-Length: " + length + "\r\n");
        if (origin != null) {
            head.append("Origin: ").append(origin).append("\r\n");
        }
        String session = sessionCookie();
        if (session != null) {
            head.append("Cookie: session=").append(session).append("\r\n");
        }
        RawHttp.Reply r = new RawHttp(uri.getHost(), uri.getPort(), 20_000).exchange(
                List.of(head.append("\r\n").toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)), 0,
                false, false);
        if (r.outcome() != RawHttp.Outcome.RESPONSE) {
            throw new AssertionError("POST " + path + " declaring " + length + " bytes: " + r.statusKey());
        }
        Reply reply = new Reply(r.status(), r.headers(), r.bodyText());
        OpenApiContract c = contract;
        if (c != null) {
            synchronized (c) {
                c.observe("POST", uri.getRawPath(), reply);
            }
        }
        return reply;
    }

    public Reply options(String path, String method, String headers) {
        return send(builder(path).header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", headers).method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    }

    /** The current session cookie value, or null. */
    public String sessionCookie() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("session"))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .header("Accept", "application/json, text/plain, */*");
        if (origin != null) {
            b.header("Origin", origin);
        }
        return b;
    }

    /** When set (by a test), every answer any browser gets is checked against the OpenAPI document. */
    static volatile OpenApiContract contract;

    private Reply send(HttpRequest.Builder b) {
        try {
            HttpRequest request = b.build();
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            Reply reply = new Reply(r.statusCode(), r.headers().map(), r.body());
            OpenApiContract c = contract;
            if (c != null) {
                synchronized (c) {
                    c.observe(request.method(), request.uri().getRawPath(), reply);
                }
            }
            return reply;
        } catch (IOException e) {
            throw new AssertionError("HTTP call failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
