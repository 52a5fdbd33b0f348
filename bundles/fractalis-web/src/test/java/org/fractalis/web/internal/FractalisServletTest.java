package org.fractalis.web.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.fractalis.api.config.TypedConfig;
import org.fractalis.api.backend.BackendUnavailableException;
import org.fractalis.api.service.AnalyticsService;
import org.fractalis.api.service.ClusterDirectory;
import org.fractalis.api.service.DataService;
import org.fractalis.api.service.SessionService;
import org.fractalis.api.service.StateService;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the servlet does before Jersey sees a request (CLIENT_CONTRACT.md §1–2): CORS on every answer, preflights
 * without a session, the session cookie, the body-size limit and 503 when the store is down. Requests and responses
 * are small dynamic proxies; only paths that end before Jersey are exercised.
 */
class FractalisServletTest {
    private static final String SESSION = "0b6f7c1e-2d4a-4a57-9a51-3c1f0e9d8b21";
    private static final String PAGE = "http://page.example";

    /** A proxy for an interface whose methods are not expected to be called. */
    @SuppressWarnings("unchecked")
    private static <T> T unused(Class<T> type) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
            if (m.getDeclaringClass() == Object.class) {
                return m.getName().equals("toString") ? type.getSimpleName() : null;
            }
            if (m.getReturnType() == void.class) {
                return null; // e.g. ClusterDirectory.announce
            }
            throw new UnsupportedOperationException(m.getName());
        });
    }

    /** Resolves every cookie to SESSION, or throws what {@code failure} holds; records the cookie it got. */
    static final class Sessions implements SessionService {
        final AtomicReference<String> lastCookie = new AtomicReference<>();
        volatile RuntimeException failure;

        @Override
        public String resolve(String cookieValue) {
            lastCookie.set(cookieValue);
            if (failure != null) {
                throw failure;
            }
            return SESSION;
        }

        @Override
        public List<org.fractalis.api.service.SessionInfo> sessions() {
            return List.of();
        }
    }

    private static FractalisServlet servlet(Sessions sessions, Map<String, Object> config) {
        return new FractalisServlet(sessions, unused(DataService.class), unused(AnalyticsService.class),
                unused(StateService.class), unused(ClusterDirectory.class),
                TypedConfig.of(FractalisServlet.Config.class, config), null);
    }

    /** A request: method, headers, cookies, body. */
    static HttpServletRequest request(String method, Map<String, String> headers, Cookie[] cookies, byte[] body,
            long declaredLength) {
        return request(method, "/data", headers, cookies, body, declaredLength, null);
    }

    /** A request on {@code path} whose body fails with {@code readFailure} when read, if given. */
    static HttpServletRequest request(String method, String path, Map<String, String> headers, Cookie[] cookies,
            byte[] body, long declaredLength, java.io.IOException readFailure) {
        Map<String, Object> attributes = new HashMap<>();
        ByteArrayInputStream in = new ByteArrayInputStream(body == null ? new byte[0] : body);
        ServletInputStream stream = new ServletInputStream() {
            @Override
            public int read() throws java.io.IOException {
                if (readFailure != null) {
                    throw readFailure;
                }
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                if (readFailure != null) {
                    throw readFailure;
                }
                return in.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener l) {
            }
        };
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getHeader" -> headers.get((String) a[0]);
                    case "getHeaders" -> Collections.enumeration(headers.containsKey((String) a[0])
                            ? List.of(headers.get((String) a[0])) : List.of());
                    case "getCookies" -> cookies;
                    case "getContentLengthLong" -> declaredLength;
                    case "getContentLength" -> (int) declaredLength;
                    case "getInputStream" -> stream;
                    case "setAttribute" -> attributes.put((String) a[0], a[1]);
                    case "getAttribute" -> attributes.get((String) a[0]);
                    case "getRequestURI" -> path;
                    case "getPathInfo" -> path;
                    case "getServletPath" -> "";
                    case "getContentType" -> headers.get("Content-Type");
                    case "toString" -> "request " + method;
                    default -> m.getReturnType() == boolean.class ? false
                            : m.getReturnType() == int.class ? 0 : m.getReturnType() == long.class ? 0L : null;
                });
    }

    /** A response that records status, headers and body. */
    static final class Recorded {
        int status = 200;
        final Map<String, List<String>> headers = new LinkedHashMap<>();
        String contentType;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        String header(String name) {
            List<String> v = headers.get(name.toLowerCase());
            return v == null ? null : String.join(", ", v);
        }

        List<String> all(String name) {
            return headers.getOrDefault(name.toLowerCase(), List.of());
        }

        HttpServletResponse proxy() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener l) {
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(HttpServletResponse.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> {
                        switch (m.getName()) {
                            case "setStatus" -> status = (Integer) a[0];
                            case "sendError" -> status = (Integer) a[0];
                            case "getStatus" -> {
                                return status;
                            }
                            case "addHeader" -> headers.computeIfAbsent(((String) a[0]).toLowerCase(),
                                    k -> new ArrayList<>()).add((String) a[1]);
                            case "setHeader" -> headers.put(((String) a[0]).toLowerCase(),
                                    new ArrayList<>(List.of((String) a[1])));
                            case "setContentType" -> contentType = (String) a[0];
                            case "getOutputStream" -> {
                                return out;
                            }
                            case "containsHeader" -> {
                                return headers.containsKey(((String) a[0]).toLowerCase());
                            }
                            default -> {
                                // setCharacterEncoding, setContentLength, ...
                            }
                        }
                        return m.getReturnType() == boolean.class ? false : null;
                    });
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> json() throws Exception {
            return new ObjectMapper().readValue(body.toByteArray(), Map.class);
        }
    }

    private static Recorded call(FractalisServlet s, HttpServletRequest req) throws Exception {
        Recorded r = new Recorded();
        s.service(req, r.proxy());
        return r;
    }

    // --- cookie header

    @Test
    void theCookieIsTheOriginalsPlusSameSiteLaxByDefault() {
        FractalisServlet s = servlet(new Sessions(), Map.of());
        String c = s.cookieHeader(SESSION);
        assertTrue(c.matches("session=" + SESSION + "; Expires=[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} "
                + "\\d{2}:\\d{2}:\\d{2} GMT; HttpOnly; Path=/; SameSite=Lax"), c);
        assertFalse(c.contains("Secure"));
        String expires = c.substring(c.indexOf("Expires=") + 8, c.indexOf("; HttpOnly"));
        ZonedDateTime when = ZonedDateTime.parse(expires, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration fromNow = Duration.between(ZonedDateTime.now(ZoneOffset.UTC), when);
        assertTrue(fromNow.compareTo(Duration.ofDays(6).minusMinutes(1)) > 0
                && fromNow.compareTo(Duration.ofDays(6).plusMinutes(1)) < 0, "expires in 6 days: " + expires);
    }

    @Test
    void secureAndSameSiteAreConfigurable() {
        FractalisServlet s = servlet(new Sessions(), Map.of("cookie.samesite", "None", "cookie.secure", "true",
                "cookie.days", "1"));
        String c = s.cookieHeader(SESSION);
        assertTrue(c.endsWith("; HttpOnly; Path=/; Secure; SameSite=None"), c);
        String expires = c.substring(c.indexOf("Expires=") + 8, c.indexOf("; HttpOnly"));
        Duration fromNow = Duration.between(ZonedDateTime.now(ZoneOffset.UTC),
                ZonedDateTime.parse(expires, DateTimeFormatter.RFC_1123_DATE_TIME));
        assertTrue(fromNow.compareTo(Duration.ofHours(23)) > 0 && fromNow.compareTo(Duration.ofHours(25)) < 0, c);
    }

    @Test
    void theDateIsInEnglishWhateverTheDefaultLocale() {
        java.util.Locale old = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            String c = servlet(new Sessions(), Map.of()).cookieHeader(SESSION);
            String expires = c.substring(c.indexOf("Expires=") + 8, c.indexOf("; HttpOnly"));
            ZonedDateTime.parse(expires, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(java.util.Locale.US));
        } finally {
            java.util.Locale.setDefault(old);
        }
    }

    // --- preflight and CORS

    @Test
    void aPreflightEchoesOriginAndHeadersAndNeedsNoSession() throws Exception {
        Sessions sessions = new Sessions();
        FractalisServlet s = servlet(sessions, Map.of());
        Recorded r = call(s, request("OPTIONS", Map.of("Origin", "http://127.0.0.1:41234",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type,x-xsrf-token"),
                null, null, -1));
        assertEquals(200, r.status);
        assertEquals("http://127.0.0.1:41234", r.header("Access-Control-Allow-Origin"));
        assertEquals("true", r.header("Access-Control-Allow-Credentials"));
        String methods = r.header("Access-Control-Allow-Methods");
        for (String m : new String[] {"GET", "POST", "DELETE"}) {
            assertTrue(methods.contains(m), methods);
        }
        assertEquals("content-type,x-xsrf-token", r.header("Access-Control-Allow-Headers"));
        assertTrue(r.all("Vary").contains("Origin"));
        assertTrue(r.all("Set-Cookie").isEmpty(), "a preflight gets no cookie");
        assertNull(sessions.lastCookie.get(), "and creates no session");
        assertEquals(0, r.body.size());
    }

    @Test
    void anOriginOutsideTheAllowListGetsNoCorsHeaders() throws Exception {
        FractalisServlet s = servlet(new Sessions(), Map.of("cors.origins", "https://allowed.example"));
        Recorded r = call(s, request("OPTIONS", Map.of("Origin", "https://evil.example",
                "Access-Control-Request-Headers", "content-type"), null, null, -1));
        assertNull(r.header("Access-Control-Allow-Origin"));
        assertNull(r.header("Access-Control-Allow-Credentials"));
        Recorded ok = call(s, request("OPTIONS", Map.of("Origin", "https://allowed.example"), null, null, -1));
        assertEquals("https://allowed.example", ok.header("Access-Control-Allow-Origin"));
    }

    // --- errors before Jersey still carry CORS headers and the cookie

    @Test
    void aBodyOverTheDeclaredLimitIs413WithCorsAndCookie() throws Exception {
        Sessions sessions = new Sessions();
        FractalisServlet s = servlet(sessions, Map.of("max.body.megabytes", "1", "cors.origins", PAGE));
        Recorded r = call(s, request("POST", Map.of("Origin", "http://page.example", "Content-Type",
                "application/json"), new Cookie[] {new Cookie("session", SESSION)}, new byte[0], (1 << 20) + 1));
        assertEquals(413, r.status);
        assertEquals("Request body too large: the limit is 1 MiB.", r.json().get("error"));
        assertEquals("http://page.example", r.header("Access-Control-Allow-Origin"));
        assertEquals("true", r.header("Access-Control-Allow-Credentials"));
        assertEquals(1, r.all("Set-Cookie").size());
        assertTrue(r.all("Set-Cookie").get(0).startsWith("session=" + SESSION + ";"));
        assertEquals(SESSION, sessions.lastCookie.get(), "the session cookie was read");
    }

    @Test
    void aStreamedBodyOverTheLimitIs413() throws Exception {
        FractalisServlet s = servlet(new Sessions(), Map.of("max.body.megabytes", "1", "cors.origins", PAGE));
        byte[] body = new byte[(1 << 20) + 1];
        java.util.Arrays.fill(body, (byte) ' ');
        Recorded r = call(s, request("POST", Map.of("Origin", "http://page.example", "Content-Type",
                "application/json"), null, body, -1));
        assertEquals(413, r.status);
        assertEquals("http://page.example", r.header("Access-Control-Allow-Origin"));
    }

    @Test
    void anUnreachableStoreIs503WithCors() throws Exception {
        Sessions sessions = new Sessions();
        sessions.failure = new BackendUnavailableException("Redis is unreachable.");
        FractalisServlet s = servlet(sessions, Map.of("cors.origins", PAGE));
        Recorded r = call(s, request("GET", Map.of("Origin", "http://page.example"), null, null, -1));
        assertEquals(503, r.status);
        assertEquals("Redis is unreachable.", r.json().get("error"));
        assertTrue(r.contentType.startsWith("application/json"), r.contentType);
        assertEquals("http://page.example", r.header("Access-Control-Allow-Origin"));
    }

    @Test
    void theOpenApiDocumentIsServedWithoutASessionAlsoWhileTheStoreIsDown() throws Exception {
        Sessions sessions = new Sessions();
        sessions.failure = new BackendUnavailableException("Redis is unreachable.");
        FractalisServlet s = servlet(sessions, Map.of("cors.origins", PAGE));
        Recorded r = call(s, request("GET", "/openapi.json", Map.of("Origin", PAGE), null, null, -1, null));
        assertEquals(200, r.status);
        assertEquals("application/json", r.contentType);
        assertEquals("3.1.0", r.json().get("openapi"));
        assertArrayEquals(OpenApiDocument.bytes(), r.body.toByteArray());
        assertNull(r.header("Set-Cookie"), "no session is made for the document");
        assertNull(sessions.lastCookie.get(), "the session service is not asked");
        assertEquals(PAGE, r.header("Access-Control-Allow-Origin"));
        Recorded head = call(s, request("HEAD", "/openapi.json", Map.of(), null, null, -1, null));
        assertEquals(200, head.status);
        assertEquals(0, head.body.size());
        Recorded delete = call(s, request("DELETE", "/openapi.json", Map.of(), null, null, -1, null));
        assertEquals(405, delete.status);
        assertEquals("GET, HEAD", delete.header("Allow"));
    }

    @Test
    void otherCookiesAreIgnoredAndTheSessionCookieIsFound() throws Exception {
        Sessions sessions = new Sessions();
        sessions.failure = new BackendUnavailableException("stop here");
        FractalisServlet s = servlet(sessions, Map.of());
        call(s, request("GET", Map.of(), new Cookie[] {new Cookie("XSRF-TOKEN", "x"), new Cookie("session", "abc")},
                null, -1));
        assertEquals("abc", sessions.lastCookie.get());
        call(s, request("GET", Map.of(), null, null, -1));
        assertNull(sessions.lastCookie.get(), "no cookie at all");
    }

    // --- issue 10: safe CORS defaults, 403 for cross-site changes, 415, protocol errors as 4xx

    private static final String LOOPBACK_PAGE = "http://127.0.0.1:41234";

    private static Map<String, String> headers(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void byDefaultAForeignOriginGetsNoCorsHeadersButTheRequestIsAnswered() throws Exception {
        Sessions sessions = new Sessions();
        sessions.failure = new BackendUnavailableException("stop here");
        FractalisServlet s = servlet(sessions, Map.of());
        for (String origin : new String[] {"https://evil.example", "null", "http://127.0.0.1.evil.example",
            "http://localhost.evil.example:5000"}) {
            Recorded r = call(s, request("GET", headers("Origin", origin), null, null, -1));
            assertEquals(503, r.status, origin);
            assertNull(r.header("Access-Control-Allow-Origin"), origin);
            assertNull(r.header("Access-Control-Allow-Credentials"), origin);
        }
        for (String origin : new String[] {LOOPBACK_PAGE, "http://localhost:8080", "https://127.9.8.7",
            "http://[::1]:3000"}) {
            Recorded r = call(s, request("GET", headers("Origin", origin), null, null, -1));
            assertEquals(origin, r.header("Access-Control-Allow-Origin"));
            assertEquals("true", r.header("Access-Control-Allow-Credentials"));
        }
    }

    @Test
    void aStateChangeFromAForeignOrNullOriginIs403BeforeAnySessionIsTouched() throws Exception {
        for (String method : new String[] {"POST", "DELETE"}) {
            for (String origin : new String[] {"https://evil.example", "null"}) {
                Sessions sessions = new Sessions();
                FractalisServlet s = servlet(sessions, Map.of());
                Recorded r = call(s, request(method, headers("Origin", origin, "Content-Type", "application/json"),
                        new Cookie[] {new Cookie("session", SESSION)}, "{}".getBytes(), 2));
                assertEquals(403, r.status, method + " " + origin);
                assertTrue(r.json().get("error").toString().contains("origin"), r.body.toString());
                assertNull(r.header("Access-Control-Allow-Origin"));
                assertTrue(r.all("Set-Cookie").isEmpty());
                assertNull(sessions.lastCookie.get(), "the session was not even looked up");
            }
        }
    }

    @Test
    void aSameOriginPageIsNotRefused() throws Exception {
        Sessions sessions = new Sessions();
        sessions.failure = new BackendUnavailableException("stop here");
        FractalisServlet s = servlet(sessions, Map.of("cors.origins", "https://portal.example"));
        Recorded r = call(s, request("POST", headers("Origin", "https://node.example", "Host", "node.example:443",
                "Content-Type", "application/json"), null, "{}".getBytes(), 2));
        assertEquals(503, r.status, "got past the origin check to the (failing) session lookup");
        Recorded other = call(s, request("POST", headers("Origin", "https://node.example", "Host",
                "other.example", "Content-Type", "application/json"), null, "{}".getBytes(), 2));
        assertEquals(403, other.status);
    }

    @Test
    void anOverlongOriginIsNeverEchoed() throws Exception {
        Sessions sessions = new Sessions();
        sessions.failure = new BackendUnavailableException("stop here");
        FractalisServlet s = servlet(sessions, Map.of("cors.origins", "*"));
        String origin = "http://" + "a".repeat(7_900) + ".example";
        Recorded r = call(s, request("GET", headers("Origin", origin), null, null, -1));
        assertNull(r.header("Access-Control-Allow-Origin"));
        Recorded post = call(s, request("POST", headers("Origin", origin, "Content-Type", "application/json"), null,
                "{}".getBytes(), 2));
        assertEquals(403, post.status);
    }

    @Test
    void aPostMustBeJson() throws Exception {
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
            "application/jsonx", null}) {
            Sessions sessions = new Sessions();
            FractalisServlet s = servlet(sessions, Map.of());
            Map<String, String> h = headers("Origin", LOOPBACK_PAGE);
            if (type != null) {
                h.put("Content-Type", type);
            }
            Recorded r = call(s, request("POST", h, null, "{\"handler\":\"test\"}".getBytes(), 18));
            assertEquals(415, r.status, String.valueOf(type));
            assertTrue(r.json().get("error").toString().contains("application/json"));
            assertEquals(LOOPBACK_PAGE, r.header("Access-Control-Allow-Origin"));
            assertEquals(1, r.all("Set-Cookie").size(), "the cookie as on every answer");
        }
        // fractal.js's own type (any case, with parameters) passes; the too-large body then stops it before Jersey
        for (String type : new String[] {"application/json;charset=utf-8", "Application/JSON", "application/json"}) {
            FractalisServlet s = servlet(new Sessions(), Map.of("max.body.megabytes", "1"));
            Recorded r = call(s, request("POST", headers("Content-Type", type), null, new byte[0], (1 << 20) + 1));
            assertEquals(413, r.status, type);
        }
    }

    @Test
    void aDeleteWithoutBodyOrTypeStillPassesButATextDeleteIs415() throws Exception {
        FractalisServlet s = servlet(new Sessions(), Map.of("max.body.megabytes", "1"));
        Recorded plain = call(s, request("DELETE", headers("Content-Type", "text/plain"), null, new byte[0], 0));
        assertEquals(415, plain.status);
        Recorded none = call(s, request("DELETE", headers(), null, new byte[0], (1 << 20) + 1));
        assertEquals(413, none.status, "no type: past the type check (stopped by the size check here)");
    }

    @Test
    void anUnreadableBodyIs400JsonWithCors() throws Exception {
        FractalisServlet s = servlet(new Sessions(), Map.of());
        Recorded r = call(s, request("POST", "/data", headers("Origin", LOOPBACK_PAGE, "Content-Type",
                "application/json"), null, null, -1, new java.io.EOFException("Early EOF")));
        assertEquals(400, r.status);
        assertTrue(r.contentType.startsWith("application/json"));
        assertTrue(r.json().get("error").toString().contains("could not be read"));
        assertEquals(LOOPBACK_PAGE, r.header("Access-Control-Allow-Origin"));
        assertFalse(r.body.toString().contains("Exception"));
    }

    @Test
    void unknownMethodsAre405() throws Exception {
        for (String method : new String[] {"PROPFIND", "MKCOL", "get", "TRACE", "PUT", "PATCH"}) {
            Sessions sessions = new Sessions();
            FractalisServlet s = servlet(sessions, Map.of());
            Recorded r = call(s, request(method, headers("Origin", LOOPBACK_PAGE), null, null, -1));
            assertEquals(405, r.status, method);
            assertEquals(Edge.ALLOW, r.header("Allow"));
            assertEquals(LOOPBACK_PAGE, r.header("Access-Control-Allow-Origin"));
            assertNull(sessions.lastCookie.get());
        }
    }

    @Test
    void aPreflightAllowsOnlyTheApisMethodsAndHeaders() throws Exception {
        FractalisServlet s = servlet(new Sessions(), Map.of());
        Recorded r = call(s, request("OPTIONS", headers("Origin", LOOPBACK_PAGE, "Access-Control-Request-Method",
                "POST", "Access-Control-Request-Headers", "Content-Type, X-Evil, x-xsrf-token, authorization"),
                null, null, -1));
        assertEquals(200, r.status);
        assertEquals("Content-Type,x-xsrf-token", r.header("Access-Control-Allow-Headers"));
        assertFalse(r.header("Access-Control-Allow-Methods").contains("PUT"));
        assertFalse(r.header("Access-Control-Allow-Methods").contains("PATCH"));
        Recorded none = call(s, request("OPTIONS", headers("Origin", LOOPBACK_PAGE,
                "Access-Control-Request-Headers", "x-evil"), null, null, -1));
        assertNull(none.header("Access-Control-Allow-Headers"));
        Recorded elsewhere = call(s, request("OPTIONS", "/anything/else", headers("Origin", LOOPBACK_PAGE), null,
                null, -1, null));
        assertEquals(405, elsewhere.status);
        assertNull(elsewhere.header("Access-Control-Allow-Methods"));
        Recorded foreign = call(s, request("OPTIONS", headers("Origin", "null", "Access-Control-Request-Method",
                "POST"), null, null, -1));
        assertEquals(403, foreign.status);
        assertNull(foreign.header("Access-Control-Allow-Origin"));
        assertNull(foreign.header("Access-Control-Allow-Methods"));
    }

    @Test
    void whileTheServletIsBeingTakenDownItAnswersJson503WithCors() throws Exception {
        Sessions sessions = new Sessions();
        FractalisServlet s = servlet(sessions, Map.of());
        s.deactivate();
        Recorded r = call(s, request("GET", headers("Origin", LOOPBACK_PAGE), null, null, -1));
        assertEquals(503, r.status);
        assertTrue(r.json().get("error").toString().contains("starting or stopping"));
        assertEquals(LOOPBACK_PAGE, r.header("Access-Control-Allow-Origin"));
        assertEquals("5", r.header("Retry-After"));
        assertNull(sessions.lastCookie.get(), "no session is created by a node going down");
    }

    @Test
    void malformedContentTypeOrAcceptHeadersAre400JsonBeforeJersey() throws Exception {
        // each of these made Jersey answer an empty 400 or a 500
        String[][] bad = {{"Content-Type", "application/json; charset="}, {"Content-Type", "a/b; q=x"},
            {"Content-Type", "foo"}, {"Content-Type", "application/json;x"},
            {"Content-Type", "application/json; charset = utf-8"}, {"Accept", "application/json;q=x"},
            {"Accept", "application/json;q=2"}, {"Accept", ",,"}, {"Accept", "*/*;q=1.0000"},
            {"Accept", "application/json; q = 0.5"}};
        for (String[] h : bad) {
            Sessions sessions = new Sessions();
            FractalisServlet s = servlet(sessions, Map.of());
            Recorded r = call(s, request("GET", headers(h[0], h[1], "Origin", LOOPBACK_PAGE), null, null, -1));
            assertEquals(400, r.status, h[0] + ": " + h[1]);
            assertEquals("Malformed Content-Type or Accept header.", r.json().get("error"));
            assertEquals(LOOPBACK_PAGE, r.header("Access-Control-Allow-Origin"));
        }
        String[][] good = {{"Accept", "application/json, text/plain, */*"},
            {"Accept", "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2"}, {"Accept", "foo"},
            {"Accept", "application/json;q=0.5"}, {"Content-Type", "application/json;charset=utf-8"},
            {"Content-Type", "application/json;;;"}, {"Content-Type", "application/json; charset=\"utf-8\""},
            {"Content-Type", "*/*"}};
        for (String[] h : good) {
            Sessions sessions = new Sessions();
            sessions.failure = new BackendUnavailableException("stop here");
            Recorded r = call(servlet(sessions, Map.of()), request("GET", headers(h[0], h[1]), null, null, -1));
            assertEquals(503, r.status, "passed the header check: " + h[0] + ": " + h[1]);
        }
    }
}
