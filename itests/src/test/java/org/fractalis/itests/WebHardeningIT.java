package org.fractalis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 10, findings 5–7, over real HTTP against a node with the shipped web defaults (this container does not
 * turn {@code ?wait=1} on): cross-site reads and writes, preflights, media types, the cookie, the test switch,
 * protocol errors and the start/stop window. After each attack another session's load and analysis still work.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebHardeningIT extends FractalisTestSupport {
    private static final String PAGE = "http://127.0.0.1:1";
    private static final String EVIL = "https://evil.example";

    @Configuration
    public Option[] config() {
        return baseConfig();
    }

    /** The production default: {@code ?wait=1} is ignored. */
    @Override
    protected boolean waitEnabled() {
        return false;
    }

    // ----- helpers

    private static List<Map<String, Object>> numbers(String label, double... values) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            rows.add(row("p" + i, label, values[i]));
        }
        return List.of(rows(label, label, rows));
    }

    /** What every attack must leave intact: a fresh session loads a variable and analyses it, in good time. */
    private void anotherSessionStillWorks() {
        long start = System.nanoTime();
        Browser other = browser();
        List<String> ids = load(other, numbers("numerical", 1, 2, 3, 4));
        assertEquals(1, ids.size());
        assertEquals("SUCCESS", dataState(other, ids.get(0)).get("etl_state").asText());
        Browser.Reply r = analyse(other, "sum_df_test_task", Map.of("a", ref(ids.get(0))));
        assertEquals(r.toString(), "SUCCESS", r.json().get("state").asText());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue("load + analysis took " + millis + " ms", millis < 20_000);
    }

    /** A response read off a raw socket. */
    private record Raw(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        JsonNode json() {
            try {
                return Browser.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + this, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + body;
        }
    }

    /** Sends bytes as they are (whatever HTTP clients refuse to send) and reads the answer up to the close. */
    private static Raw raw(byte[] request) throws IOException {
        String port = System.getProperty(PORT_PROPERTY);
        try (Socket s = new Socket("127.0.0.1", Integer.parseInt(port))) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // the node may answer and close before it read everything (oversized headers): read that answer
            }
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0;) {
                    all.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no complete answer within 20 s: " + all.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // a reset after the answer (Jetty closes a connection it gave up on) ends the reading too
            }
            return parse(all.toString(StandardCharsets.ISO_8859_1));
        }
    }

    private static Raw raw(String request) throws IOException {
        return raw(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Raw parse(String text) {
        int end = text.indexOf("\r\n\r\n");
        assertTrue("no HTTP answer: " + text, text.startsWith("HTTP/1.1 ") && end > 0);
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            StringBuilder b = new StringBuilder();
            int at = 0;
            while (true) {
                int eol = body.indexOf("\r\n", at);
                int size = Integer.parseInt(body.substring(at, eol).trim(), 16);
                if (size == 0) {
                    break;
                }
                b.append(body, eol + 2, eol + 2 + size);
                at = eol + 2 + size + 2;
            }
            body = b.toString();
        }
        return new Raw(Integer.parseInt(lines[0].substring(9, 12)), headers,
                new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String get(String path, String... headers) {
        StringBuilder b = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    private static void assertJsonError(Raw r, int status) {
        assertEquals(r.toString(), status, r.status());
        assertTrue(r.toString(), r.header("content-type").startsWith("application/json"));
        assertTrue(r.toString(), r.json().get("error").isTextual());
        assertFalse(r.toString(), r.body().contains("Exception") || r.body().contains("\tat "));
    }

    // ----- finding 5: cross-site reads and writes

    @Test
    public void onlyLoopbackOriginsReadWithCredentialsByDefault() throws Exception {
        Browser local = browser();
        Browser.Reply ok = local.get("/data");
        assertEquals(PAGE, ok.header("Access-Control-Allow-Origin"));
        assertEquals("true", ok.header("Access-Control-Allow-Credentials"));
        for (String origin : new String[] {EVIL, "null", "http://127.0.0.1.evil.example:5000"}) {
            Browser.Reply r = new Browser(base(), origin).get("/data");
            assertEquals(origin, 200, r.status());
            assertNull(origin, r.header("Access-Control-Allow-Origin"));
            assertNull(origin, r.header("Access-Control-Allow-Credentials"));
        }
        anotherSessionStillWorks();
    }

    @Test
    public void aCrossSiteWriteWithTheUsersCookieIsRefusedWithoutSideEffects() throws Exception {
        Browser victim = browser();
        String id = load(victim, numbers("numerical", 5, 6)).get(0);
        String cookie = victim.sessionCookie();
        for (String origin : new String[] {EVIL, "null"}) {
            // what a page on another site makes the victim's browser send: the victim's cookie, its own Origin
            Browser attacker = Browser.withCookie(base(), origin, cookie);
            Browser.Reply post = attacker.post("/data", Map.of("handler", "test", "server", "http://test", "auth",
                    Map.of("token", "t"), "descriptors", numbers("numerical", 1)));
            assertEquals(post.toString(), 403, post.status());
            assertNull(post.header("Access-Control-Allow-Origin"));
            assertNull("no session was touched", post.header("Set-Cookie"));
            assertEquals(403, attacker.delete("/data").status());
            assertEquals(403, attacker.delete("/data/" + id).status());
            assertEquals(403, attacker.post("/analytics", Map.of("task_name", "add_test_task", "args",
                    Map.of("a", 1, "b", 2))).status());
            assertEquals(403, attacker.post("/state", Map.of("state", Map.of(), "handler", "test", "server",
                    "http://test")).status());
        }
        assertEquals("the victim's data are untouched", List.of(id), ids(victim));
        anotherSessionStillWorks();
    }

    @Test
    public void aTextPlainPostNeedsNoPreflightAndIsTherefore415() throws Exception {
        Browser b = browser();
        String body = "{\"handler\":\"test\",\"server\":\"http://test\",\"auth\":{\"token\":\"t\"},"
                + "\"descriptors\":[{\"data_type\":\"numerical\",\"label\":\"x\",\"rows\":[]}]}";
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", null}) {
            StringBuilder req = new StringBuilder("POST /data HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Origin: " + PAGE + "\r\nContent-Length: " + body.length() + "\r\n");
            if (type != null) {
                req.append("Content-Type: ").append(type).append("\r\n");
            }
            Raw r = raw(req.append("\r\n").append(body).toString());
            assertJsonError(r, 415);
            assertEquals(PAGE, r.header("access-control-allow-origin"));
            String session = r.header("set-cookie").substring("session=".length(), r.header("set-cookie").indexOf(';'));
            assertTrue("nothing was loaded", ids(Browser.withCookie(base(), PAGE, session)).isEmpty());
        }
        // a DELETE as fractal.js sends it, without body and type, still works
        assertEquals(200, b.delete("/data").status());
        anotherSessionStillWorks();
    }

    @Test
    public void preflightsOnlyOnApiPathsWithTheApisMethodsAndHeaders() throws Exception {
        Browser b = browser();
        Browser.Reply api = b.options("/data", "POST", "content-type,x-xsrf-token,x-evil");
        assertEquals(200, api.status());
        assertEquals(PAGE, api.header("Access-Control-Allow-Origin"));
        assertEquals("content-type,x-xsrf-token", api.header("Access-Control-Allow-Headers"));
        assertFalse(api.header("Access-Control-Allow-Methods").contains("PUT"));
        for (String path : new String[] {"/demo/", "/anything", "/data/not-a-uuid/x"}) {
            Browser.Reply r = b.options(path, "POST", "content-type");
            assertEquals(path, 405, r.status());
            assertNull(path, r.header("Access-Control-Allow-Methods"));
            assertNull(path, r.header("Access-Control-Allow-Headers"));
        }
        Browser.Reply foreign = new Browser(base(), EVIL).options("/data", "POST", "content-type");
        assertEquals(403, foreign.status());
        assertNull(foreign.header("Access-Control-Allow-Origin"));
        assertNull(foreign.header("Access-Control-Allow-Headers"));
        anotherSessionStillWorks();
    }

    @Test
    public void theSessionCookieIsSameSiteLax() {
        String cookie = browser().get("/misc/version").header("Set-Cookie");
        assertNotNull(cookie);
        assertTrue(cookie, cookie.matches("session=[0-9a-f-]{36}; Expires=.+; HttpOnly; Path=/; SameSite=Lax"));
    }

    // ----- finding 6: the test switch

    @Test
    public void waitIsIgnoredUnlessEnabled() throws Exception {
        Browser b = browser();
        Browser.Reply task = b.post("/analytics", Map.of("task_name", "nothing_test_task", "args",
                Map.of("seconds", 30)));
        assertEquals(201, task.status());
        String poll = "/analytics/" + task.json().get("task_id").asText();
        long start = System.nanoTime();
        Browser.Reply r = b.get(poll + "?wait=1");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, r.status());
        assertEquals("SUBMITTED", r.json().get("state").asText());
        assertTrue("?wait=1 held the request " + millis + " ms", millis < 5_000);
        assertEquals(200, b.delete(poll).status());
        anotherSessionStillWorks();
    }

    // ----- finding 7: protocol errors as 4xx

    @Test
    public void aMalformedChunkedBodyIs400Json() throws Exception {
        Raw r = raw("POST /data HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nOrigin: " + PAGE + "\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\n{\"a\":\r\nzz-not-a-size\r\n1\r\n}\r\n0\r\n\r\n");
        assertJsonError(r, 400);
        assertEquals(PAGE, r.header("access-control-allow-origin"));
        anotherSessionStillWorks();
    }

    @Test
    public void oversizedRequestHeadersAre431() throws Exception {
        Raw r = raw(get("/data", "X-Big: " + "b".repeat(20_000)));
        assertEquals(r.toString(), 431, r.status());
        assertFalse(r.body().contains("\tat "));
        anotherSessionStillWorks();
    }

    @Test
    public void aLongOriginIsNotEchoedAndBreaksNothing() throws Exception {
        Raw r = raw(get("/data", "Origin: http://" + "o".repeat(7_900) + ".example"));
        assertEquals(r.toString(), 200, r.status());
        assertNull(r.header("access-control-allow-origin"));
        assertTrue(r.body(), r.json().has("data_states"));
        anotherSessionStillWorks();
    }

    @Test
    public void unknownMethodsAre405OnEveryPath() throws Exception {
        for (String path : new String[] {"/demo/", "/demo/index.html", "/data", "/misc/version", "/nowhere"}) {
            for (String method : new String[] {"PROPFIND", "MKCOL", "get", "Get"}) {
                Raw r = raw(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nOrigin: "
                        + PAGE + "\r\n\r\n");
                assertJsonError(r, 405);
                assertEquals(method + " " + path, PAGE, r.header("access-control-allow-origin"));
                assertNotNull(r.header("allow"));
            }
        }
        anotherSessionStillWorks();
    }

    @Test
    public void whileTheApiIsAwayItAnswersJson503WithCors() throws Exception {
        String component = "org.fractalis.web.internal.FractalisServlet";
        awaitHttp();
        shell("scr:disable " + component);
        try {
            Raw[] last = new Raw[1];
            await("the REST servlet gone", Duration.ofSeconds(30), () -> {
                try {
                    last[0] = raw(get("/data", "Origin: " + PAGE));
                    return last[0].status() == 503;
                } catch (IOException | AssertionError e) {
                    return false; // Pax Web may restart the context meanwhile
                }
            });
            Raw r = last[0];
            assertJsonError(r, 503);
            assertTrue(r.body(), r.json().get("error").asText().contains("starting or stopping"));
            assertEquals(PAGE, r.header("access-control-allow-origin"));
            assertEquals("true", r.header("access-control-allow-credentials"));
            Raw version = raw(get("/misc/version", "Origin: " + PAGE));
            assertJsonError(version, 503);
            Raw other = raw(get("/favicon.ico", "Origin: " + PAGE));
            assertJsonError(other, 404);
        } finally {
            shell("scr:enable " + component);
        }
        awaitHttp();
        anotherSessionStillWorks();
    }

    @Test
    public void malformedRequestLinesAre400AndStalledClientsAreLetGoWithin10Seconds() throws Exception {
        // request lines Jetty's parser refused with 505 (fractalis-jetty-edge answers 400, with a JSON body)
        for (String line : new String[] {"GET /data HTTP/11", "GET /data HTTP/1", "GET /data HTTPS/1.1",
                "GET /data FTP/1.0"}) {
            assertJsonError(raw(line + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"), 400);
        }
        assertJsonError(raw("GET /data\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"), 400);

        // clients that stop sending and keep the connection open (etc/org.ops4j.pax.web.cfg: 5 s idle timeout)
        String body = "{\"handler\": \"test\"";
        for (String stalled : new String[] {
                "POST /data HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n"
                        + "\r\n" + body,
                "GET /data HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a",
                "GET /da"}) {
            long start = System.nanoTime();
            String answer = stall(stalled);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue("let go after " + millis + " ms: " + answer, millis <= 10_000);
            assertTrue(answer, answer.isEmpty() || answer.matches("(?s)HTTP/1\\.1 4\\d\\d .*"));
        }

        // but a slow upload whose pauses stay under the idle timeout is served, however long it takes in all
        byte[] upload = Browser.JSON.writeValueAsBytes(Map.of("handler", "test", "server", "http://test", "auth",
                Map.of("token", "t"), "descriptors", numbers("numerical", 1, 2, 3)));
        int third = upload.length / 3;
        List<byte[]> pieces = List.of(
                ("POST /data HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + upload.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1),
                java.util.Arrays.copyOfRange(upload, 0, third),
                java.util.Arrays.copyOfRange(upload, third, 2 * third),
                java.util.Arrays.copyOfRange(upload, 2 * third, upload.length));
        long start = System.nanoTime();
        Raw slow = slowly(pieces, 2_500);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue("the upload took " + millis + " ms, longer than the idle timeout", millis > 7_000);
        assertEquals(slow.toString(), 201, slow.status());
        anotherSessionStillWorks();
    }

    /** Sends the start of a request, then nothing, and returns what the node answered until it closed. */
    private static String stall(String start) throws IOException {
        try (Socket s = new Socket("127.0.0.1", Integer.parseInt(System.getProperty(PORT_PROPERTY)))) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write(start.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = s.getInputStream().read(buf)) > 0;) {
                    all.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("held for 15 s: " + all.toString(StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                // reset: let go as well
            }
            return all.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** Writes the pieces with a pause between them (a slow client, the thing under test) and reads the answer. */
    private static Raw slowly(List<byte[]> pieces, long pauseMillis) throws IOException {
        try (Socket s = new Socket("127.0.0.1", Integer.parseInt(System.getProperty(PORT_PROPERTY)))) {
            s.setSoTimeout(20_000);
            s.setTcpNoDelay(true);
            for (int i = 0; i < pieces.size(); i++) {
                if (i > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(pauseMillis * 1_000_000L);
                }
                s.getOutputStream().write(pieces.get(i));
                s.getOutputStream().flush();
            }
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = s.getInputStream().read(buf)) > 0;) {
                    all.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no complete answer within 20 s: " + all);
            } catch (IOException e) {
                // a reset after the answer ends the reading too
            }
            return parse(all.toString(StandardCharsets.ISO_8859_1));
        }
    }
}
