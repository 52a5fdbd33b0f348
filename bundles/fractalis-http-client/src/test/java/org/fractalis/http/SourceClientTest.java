package org.fractalis.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;

import org.fractalis.http.testing.FakeServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SourceClientTest {
    private final FakeServer server = FakeServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private static SourceClient client(HttpOptions o) throws HttpException {
        return SourceClient.create(o.withConfigPid("org.fractalis.connector.x"), DestinationPolicy.ANY);
    }

    /** The normal client of these tests (generous timeout: a cold JVM needs most of a second for its first call). */
    private static SourceClient quick() throws HttpException {
        return client(HttpOptions.DEFAULTS.withReadTimeout(Duration.ofSeconds(20)));
    }

    /** A client with a short read timeout, for the timeout tests. */
    private static SourceClient impatient() throws HttpException {
        return client(HttpOptions.DEFAULTS.withReadTimeout(Duration.ofMillis(300)));
    }

    @Test
    void getSendsHeadersAndRepeatedQueryParameters() throws Exception {
        server.route("/q", x -> x.json(200, "{\"ok\": true}"));
        HttpResult r = quick().send(HttpCall.get(server.url() + "/q").accept("application/json")
                .bearer("tok").query("projection", "_id").query("projection", "a b&c")
                .query("filter", "[{\"v\":\"\"}]"));
        assertEquals(200, r.status());
        assertEquals("{\"ok\": true}", r.text());
        FakeServer.Exchange x = server.last("/q");
        assertEquals(List.of("_id", "a b&c"), x.query().get("projection"));
        assertEquals("[{\"v\":\"\"}]", x.query().get("filter").get(0));
        assertEquals("Bearer tok", x.header("Authorization"));
        assertEquals("application/json", x.header("Accept"));
    }

    @Test
    void emptyBearerSendsNoAuthorization() throws Exception {
        server.route("/q", x -> x.respond(200, "text/plain", "x"));
        quick().send(HttpCall.get(server.url() + "/q").bearer(""));
        assertEquals(null, server.last("/q").header("Authorization"));
    }

    @Test
    void postsFormAndJsonBodies() throws Exception {
        server.route("/form", x -> x.respond(200, "text/plain", x.method() + " " + x.param("id") + " " + x.param("pw")));
        server.route("/json", x -> x.respond(200, "text/plain", x.header("Content-Type") + " " + x.body()));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("id", "ann");
        form.put("pw", "p&ss=wörd");
        assertEquals("POST ann p&ss=wörd", quick().send(HttpCall.post(server.url() + "/form").form(form)).text());
        assertEquals("application/json {\"a\":1}",
                quick().send(HttpCall.post(server.url() + "/json").json("{\"a\":1}")).text());
        assertEquals(null, server.last("/form").rawQuery(), "credentials stay out of the URL");
    }

    @Test
    void parsesCookiesAcrossSeveralSetCookieHeaders() throws Exception {
        server.route("/login", x -> {
            x.header("Set-Cookie", "lang=en; Path=/");
            x.header("Set-Cookie", "PLAY2AUTH_SESS_ID=9d1c7a6e0b2f4e1d; Path=/; HTTPOnly");
            x.header("Set-Cookie", "broken");
            x.respond(200, "application/json", "{}");
        });
        HttpResult r = quick().send(HttpCall.post(server.url() + "/login").form(Map.of()));
        assertEquals("9d1c7a6e0b2f4e1d", r.cookie("PLAY2AUTH_SESS_ID").orElseThrow());
        assertEquals("en", r.cookie("lang").orElseThrow());
        assertFalse(r.cookie("other").isPresent());
    }

    @Test
    void stalledServerTimesOutQuickly() throws Exception {
        server.route("/slow", FakeServer.Exchange::stall);
        long t0 = System.nanoTime();
        HttpException e = assertThrows(HttpException.class, () -> impatient().send(HttpCall.get(server.url() + "/slow")));
        assertEquals(HttpException.Reason.TIMEOUT, e.reason());
        assertEquals("No complete answer from " + server.url() + "/slow within 0.3 s (read.timeout.seconds in "
                + "etc/org.fractalis.connector.x.cfg).", e.getMessage());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void bodyThatStopsMidwayTimesOut() throws Exception {
        server.route("/drip", x -> x.stallAfter(200, "application/json", "[{\"a\": 1},"));
        long t0 = System.nanoTime();
        HttpException e = assertThrows(HttpException.class, () -> impatient().send(HttpCall.get(server.url() + "/drip")));
        assertEquals(HttpException.Reason.TIMEOUT, e.reason());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void readerThatSwallowsTheTimeoutStillReportsIt() throws Exception {
        server.route("/drip", x -> x.stallAfter(200, "text/plain", "abc"));
        HttpException e = assertThrows(HttpException.class, () -> impatient().send(HttpCall.get(server.url() + "/drip"),
                (head, in) -> {
                    try {
                        return in.readAllBytes();
                    } catch (IOException io) {
                        throw new IllegalStateException("parse error");
                    }
                }));
        assertEquals(HttpException.Reason.TIMEOUT, e.reason());
    }

    @Test
    void readerErrorsPassThrough() throws Exception {
        server.route("/x", x -> x.respond(200, "text/plain", "abc"));
        class ParseError extends Exception {
            ParseError() {
                super("bad");
            }
        }
        assertThrows(ParseError.class, () -> quick().send(HttpCall.get(server.url() + "/x"), (head, in) -> {
            in.readAllBytes();
            throw new ParseError();
        }));
    }

    @Test
    void declaredLengthOverTheLimitIsRefused() throws Exception {
        server.route("/big", x -> x.respond(200, "text/plain", "x".repeat(2000)));
        SourceClient c = client(HttpOptions.DEFAULTS.withMaxResponseBytes(1000));
        HttpException e = assertThrows(HttpException.class, () -> c.send(HttpCall.get(server.url() + "/big")));
        assertEquals(HttpException.Reason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("max.response.megabytes"), e.getMessage());
    }

    @Test
    void chunkedBodyOverTheLimitIsCut() throws Exception {
        server.route("/big", x -> x.respondChunked(200, "text/plain", new byte[5000]));
        SourceClient c = client(HttpOptions.DEFAULTS.withMaxResponseBytes(1000));
        assertEquals(HttpException.Reason.TOO_LARGE,
                assertThrows(HttpException.class, () -> c.send(HttpCall.get(server.url() + "/big"))).reason());
        SourceClient roomy = client(HttpOptions.DEFAULTS.withMaxResponseBytes(5000));
        assertEquals(5000, roomy.send(HttpCall.get(server.url() + "/big")).body().length);
    }

    @Test
    void gzipIsDecodedAndLimitedAfterDecoding() throws Exception {
        byte[] plain = "value,".repeat(2000).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(plain);
        }
        byte[] zipped = bos.toByteArray();
        server.route("/gz", x -> {
            x.header("Content-Encoding", "gzip");
            x.respond(200, "text/plain", zipped);
        });
        assertArrayEquals(plain, quick().send(HttpCall.get(server.url() + "/gz")).body());
        assertEquals("gzip", server.last("/gz").header("Accept-Encoding"));
        SourceClient small = client(HttpOptions.DEFAULTS.withMaxResponseBytes(zipped.length + 100));
        assertEquals(HttpException.Reason.TOO_LARGE,
                assertThrows(HttpException.class, () -> small.send(HttpCall.get(server.url() + "/gz"))).reason());
    }

    @Test
    void cutOffBodyIsABrokenConnection() throws Exception {
        try (ServerSocket raw = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CompletableFuture.runAsync(() -> {
                try (java.net.Socket s = raw.accept()) {
                    s.getInputStream().read(new byte[4096]);
                    s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 1000\r\n\r\n[1,2,3,").getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                } catch (IOException e) {
                    // the test fails on its own if the answer never comes
                }
            });
            String url = "http://127.0.0.1:" + raw.getLocalPort() + "/cut";
            HttpException e = assertThrows(HttpException.class, () -> quick().send(HttpCall.get(url)));
            assertEquals(HttpException.Reason.IO, e.reason(), e.getMessage());
            assertTrue(e.getMessage().startsWith("The connection to " + url + " broke"), e.getMessage());
        }
    }

    @Test
    void refusedConnection() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        HttpException e = assertThrows(HttpException.class,
                () -> quick().send(HttpCall.get("http://127.0.0.1:" + port + "/x")));
        assertEquals(HttpException.Reason.CONNECT, e.reason());
        assertTrue(e.getMessage().startsWith("Could not connect to 127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void interruptAbortsTheCallAndKeepsTheFlag() throws Exception {
        java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(1);
        server.route("/slow", x -> {
            arrived.countDown();
            x.stall();
        });
        SourceClient c = client(HttpOptions.DEFAULTS.withReadTimeout(Duration.ofSeconds(30)));
        AtomicReference<Thread> worker = new AtomicReference<>();
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            worker.set(Thread.currentThread());
            try {
                c.send(HttpCall.get(server.url() + "/slow"));
                outcome.complete("no error");
            } catch (HttpException e) {
                outcome.complete(e.reason() + " interrupted=" + Thread.currentThread().isInterrupted());
            }
        });
        t.start();
        assertTrue(arrived.await(5, TimeUnit.SECONDS));
        t.interrupt();
        assertEquals("INTERRUPTED interrupted=true", outcome.get(5, TimeUnit.SECONDS));
    }

    @Test
    void interruptWhileReadingTheBody() throws Exception {
        server.route("/drip", x -> x.stallAfter(200, "text/plain", "abc"));
        SourceClient c = client(HttpOptions.DEFAULTS.withReadTimeout(Duration.ofSeconds(30)));
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        CompletableFuture<Void> reading = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                c.send(HttpCall.get(server.url() + "/drip"), (head, in) -> {
                    in.read();
                    reading.complete(null);
                    return in.readAllBytes();
                });
                outcome.complete("no error");
            } catch (HttpException e) {
                outcome.complete(e.reason() + " interrupted=" + Thread.currentThread().isInterrupted());
            }
        });
        t.start();
        reading.get(5, TimeUnit.SECONDS);
        t.interrupt();
        assertEquals("INTERRUPTED interrupted=true", outcome.get(5, TimeUnit.SECONDS));
    }

    @Test
    void redirectsAreNotFollowedUnlessAllowed() throws Exception {
        server.route("/old", x -> x.redirect(302, "/new"));
        server.route("/new", x -> x.respond(200, "text/plain", "here"));
        server.route("/away", x -> x.redirect(302, "http://elsewhere.invalid/x?token=secret"));
        assertEquals(302, quick().send(HttpCall.get(server.url() + "/old")).status());
        assertEquals("here", quick().send(HttpCall.get(server.url() + "/old").followRedirects(3, u -> true)).text());
        HttpException e = assertThrows(HttpException.class, () -> quick().send(
                HttpCall.get(server.url() + "/away").followRedirects(3, u -> u.getHost().equals("127.0.0.1"))));
        assertEquals(HttpException.Reason.INVALID_REQUEST, e.reason());
        assertEquals(server.url() + "/away redirected to http://elsewhere.invalid/x, which is not allowed.",
                e.getMessage());
    }

    @Test
    void invalidUrlsAndHeaders() throws Exception {
        assertEquals(HttpException.Reason.INVALID_REQUEST,
                assertThrows(HttpException.class, () -> quick().send(HttpCall.get("ftp://x/y"))).reason());
        HttpException e = assertThrows(HttpException.class, () -> quick().send(HttpCall.get("not a url?pw=secret")));
        assertFalse(e.getMessage().contains("secret"));
        server.route("/x", x -> x.respond(200, "text/plain", "x"));
        HttpException h = assertThrows(HttpException.class,
                () -> quick().send(HttpCall.get(server.url() + "/x").bearer("tok\r\nX-Evil: 1")));
        assertEquals(HttpException.Reason.INVALID_REQUEST, h.reason());
        assertFalse(h.getMessage().contains("tok"));
    }

    @Test
    void unreadableCaFileIsAConfigError() {
        HttpException e = assertThrows(HttpException.class,
                () -> client(HttpOptions.DEFAULTS.withTls(true, "/nonexistent/ca.pem")));
        assertEquals(HttpException.Reason.CONFIG, e.reason());
        assertTrue(e.getMessage().contains("etc/org.fractalis.connector.x.cfg"), e.getMessage());
    }
}
