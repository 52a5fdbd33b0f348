package org.fractalis.http.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP server for tests (JDK {@code com.sun.net.httpserver}) on 127.0.0.1 and a random port, with
 * helpers for the failure modes connectors must survive: stalls, cut-off bodies, redirects, raw bytes.
 * Handlers run on their own threads, so a stalled handler never blocks others. {@link #close()} releases
 * every stall.
 */
public final class FakeServer implements AutoCloseable {

    /** Handles one request. */
    @FunctionalInterface
    public interface Handler {
        void handle(Exchange x) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-http");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<Exchange> log = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);

    private FakeServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
    }

    public static FakeServer start() {
        return start(0);
    }

    /**
     * On a given port (0 = any): for tests whose allow-list must name the port before the server exists,
     * e.g. an itest container configured at boot.
     */
    public static FakeServer start(int port) {
        try {
            return new FakeServer(port);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves requests for exactly this path (any method; the handler checks it). */
    public FakeServer route(String path, Handler h) {
        routes.put(path, h);
        return this;
    }

    /** {@code http://127.0.0.1:<port>} (no trailing slash). */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many requests reached this path. */
    public int requests(String path) {
        AtomicInteger c = counts.get(path);
        return c == null ? 0 : c.get();
    }

    /** Every request so far, in order. */
    public List<Exchange> log() {
        return Collections.unmodifiableList(log);
    }

    /** The last request to this path, or null. */
    public Exchange last(String path) {
        Exchange found = null;
        for (Exchange x : log) {
            if (x.path().equals(path)) {
                found = x;
            }
        }
        return found;
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void dispatch(HttpExchange ex) throws IOException {
        Exchange x = new Exchange(ex, released);
        log.add(x);
        counts.computeIfAbsent(x.path(), p -> new AtomicInteger()).incrementAndGet();
        Handler h = routes.get(x.path());
        try {
            if (h == null) {
                x.respond(404, "text/plain", "no route " + x.path());
            } else {
                h.handle(x);
            }
        } catch (IOException | RuntimeException e) {
            // the client went away (e.g. after its timeout): nothing to answer
        } finally {
            ex.close();
        }
    }

    /** One request and the means to answer it. */
    public static final class Exchange {
        private final HttpExchange ex;
        private final CountDownLatch released;
        private final byte[] body;

        Exchange(HttpExchange ex, CountDownLatch released) throws IOException {
            this.ex = ex;
            this.released = released;
            this.body = ex.getRequestBody().readAllBytes();
        }

        public String method() {
            return ex.getRequestMethod();
        }

        public String path() {
            return ex.getRequestURI().getPath();
        }

        /** The raw query string, or null. */
        public String rawQuery() {
            return ex.getRequestURI().getRawQuery();
        }

        /** Query parameters (decoded; repeated names keep every value in order). */
        public Map<String, List<String>> query() {
            return parseForm(rawQuery());
        }

        /** The body's form fields if it is form-encoded, else empty. */
        public Map<String, List<String>> form() {
            String ct = header("Content-Type");
            return ct != null && ct.startsWith("application/x-www-form-urlencoded") ? parseForm(body())
                    : Map.of();
        }

        /** The last value of a parameter from the form body or, failing that, the query. */
        public String param(String name) {
            List<String> v = form().get(name);
            if (v == null) {
                v = query().get(name);
            }
            return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
        }

        public String header(String name) {
            return ex.getRequestHeaders().getFirst(name);
        }

        public String body() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The value of a request cookie, or null. */
        public String cookie(String name) {
            String h = header("Cookie");
            if (h == null) {
                return null;
            }
            for (String part : h.split(";")) {
                String p = part.trim();
                int eq = p.indexOf('=');
                if (eq > 0 && p.substring(0, eq).equals(name)) {
                    return p.substring(eq + 1);
                }
            }
            return null;
        }

        /** Adds a response header (call before responding). */
        public Exchange header(String name, String value) {
            ex.getResponseHeaders().add(name, value);
            return this;
        }

        public void respond(int status, String contentType, String text) throws IOException {
            respond(status, contentType, text.getBytes(StandardCharsets.UTF_8));
        }

        public void json(int status, String json) throws IOException {
            respond(status, "application/json", json);
        }

        public void respond(int status, String contentType, byte[] bytes) throws IOException {
            if (contentType != null) {
                ex.getResponseHeaders().set("Content-Type", contentType);
            }
            ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }

        /** Answers in chunks (no Content-Length). */
        public void respondChunked(int status, String contentType, byte[] bytes) throws IOException {
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.sendResponseHeaders(status, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }

        /** Sends only the first {@code cut} characters of the text as a complete answer (a cut-off payload). */
        public void respondTruncated(int status, String contentType, String text, int cut) throws IOException {
            respond(status, contentType, text.substring(0, Math.min(cut, text.length())));
        }

        public void redirect(int status, String location) throws IOException {
            header("Location", location);
            respond(status, "text/html", "<html><body>Moved</body></html>");
        }

        /** Never answers (until the server closes): the client's read timeout must fire. */
        public void stall() throws IOException {
            awaitRelease();
            throw new IOException("released");
        }

        /** Sends the headers and the first bytes of a chunked body, then stalls. */
        public void stallAfter(int status, String contentType, String start) throws IOException {
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.sendResponseHeaders(status, 0);
            OutputStream out = ex.getResponseBody();
            out.write(start.getBytes(StandardCharsets.UTF_8));
            out.flush();
            awaitRelease();
            throw new IOException("released");
        }

        private void awaitRelease() {
            try {
                released.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Decodes {@code a=1&b=2&a=3}. */
    public static Map<String, List<String>> parseForm(String s) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (s == null || s.isEmpty()) {
            return out;
        }
        for (String pair : s.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, key -> new ArrayList<>()).add(v);
        }
        return out;
    }
}
