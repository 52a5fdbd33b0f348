package org.fractalis.web.internal;

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
                unused(StateService.class), unused(ClusterDirectory.class), config);
    }

    /** A request: method, headers, cookies, body. */
    static HttpServletRequest request(String method, Map<String, String> headers, Cookie[] cookies, byte[] body,
            long declaredLength) {
        Map<String, Object> attributes = new HashMap<>();
        ByteArrayInputStream in = new ByteArrayInputStream(body == null ? new byte[0] : body);
        ServletInputStream stream = new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
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
                    case "getRequestURI" -> "/data";
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
    void theCookieLooksLikeTheOriginalsByDefault() {
        FractalisServlet s = servlet(new Sessions(), Map.of());
        String c = s.cookieHeader(SESSION);
        assertTrue(c.matches("session=" + SESSION + "; Expires=[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} "
                + "\\d{2}:\\d{2}:\\d{2} GMT; HttpOnly; Path=/"), c);
        assertFalse(c.contains("Secure"));
        assertFalse(c.contains("SameSite"));
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
        FractalisServlet s = servlet(sessions, Map.of("max.body.megabytes", "1"));
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
        FractalisServlet s = servlet(new Sessions(), Map.of("max.body.megabytes", "1"));
        byte[] body = new byte[(1 << 20) + 1];
        java.util.Arrays.fill(body, (byte) ' ');
        Recorded r = call(s, request("POST", Map.of("Origin", "http://page.example"), null, body, -1));
        assertEquals(413, r.status);
        assertEquals("http://page.example", r.header("Access-Control-Allow-Origin"));
    }

    @Test
    void anUnreachableStoreIs503WithCors() throws Exception {
        Sessions sessions = new Sessions();
        sessions.failure = new BackendUnavailableException("Redis is unreachable.");
        FractalisServlet s = servlet(sessions, Map.of());
        Recorded r = call(s, request("GET", Map.of("Origin", "http://page.example"), null, null, -1));
        assertEquals(503, r.status);
        assertEquals("Redis is unreachable.", r.json().get("error"));
        assertTrue(r.contentType.startsWith("application/json"), r.contentType);
        assertEquals("http://page.example", r.header("Access-Control-Allow-Origin"));
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
}
