package org.fractalis.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.FilterChain;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.fractalis.api.backend.JobMessage;
import org.fractalis.api.metrics.LogIds;
import org.fractalis.api.metrics.Metrics;
import org.junit.jupiter.api.Test;

/** The access log line, the request id and the HTTP metrics of every request. */
class AccessLogFilterTest {
    private static final String SESSION = "0b6f7c1e-2d4a-4a57-9a51-3c1f0e9d8b21";
    private static final String TASK = "7d1b2c3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

    private final List<String> lines = new ArrayList<>();
    private final List<String> http = new ArrayList<>();
    private final Metrics metrics = new Metrics() {
        @Override
        public void jobEnded(JobMessage.Kind kind, String plugin, String outcome, long waitedMillis, long ranNanos) {
        }

        @Override
        public void etlLoaded(String handler, long rows, long bytes) {
        }

        @Override
        public void httpRequest(String method, String route, int status, long nanos) {
            assertTrue(nanos >= 0);
            http.add(method + " " + route + " " + status);
        }

        @Override
        public void backendEvent(String backend, String event) {
        }
    };

    private record Exchange(HttpServletRequest req, HttpServletResponse resp, Map<String, String> headers) {
    }

    private static Exchange exchange(String method, String path, String requestId, int status) {
        Map<String, Object> attributes = new HashMap<>();
        Map<String, String> headers = new HashMap<>();
        int[] st = {200};
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(
                AccessLogFilterTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getServletPath" -> path;
                    case "getHeader" -> "X-Request-Id".equals(a[0]) ? requestId : null;
                    case "getAttribute" -> attributes.get((String) a[0]);
                    case "setAttribute" -> attributes.put((String) a[0], a[1]);
                    default -> null;
                });
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(
                AccessLogFilterTest.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (p, m, a) -> switch (m.getName()) {
                    case "setHeader" -> headers.put((String) a[0], (String) a[1]);
                    case "setStatus" -> {
                        st[0] = (Integer) a[0];
                        yield null;
                    }
                    case "getStatus" -> st[0];
                    case "reset" -> {
                        headers.clear();
                        yield null;
                    }
                    default -> null;
                });
        return new Exchange(req, resp, headers);
    }

    @Test
    void oneLinePerRequestWithRouteTemplateStatusAndHashedSession() throws Exception {
        AccessLogFilter f = new AccessLogFilter(lines::add, metrics);
        Exchange x = exchange("GET", "/analytics/" + TASK, "client-id_42", 200);
        FilterChain chain = (rq, rs) -> {
            rq.setAttribute(FractalisServlet.SESSION_ATTRIBUTE, SESSION);
            ((HttpServletResponse) rs).setStatus(404);
        };
        f.doFilter(x.req(), x.resp(), chain);
        assertEquals("client-id_42", x.headers().get("X-Request-Id"));
        assertEquals(1, lines.size());
        String line = lines.get(0);
        assertTrue(line.matches("method=GET route=/analytics/\\{id} status=404 ms=\\d+ session=" + LogIds.hash(SESSION)
                + " request=client-id_42"), line);
        assertFalse(line.contains(SESSION) || line.contains(TASK), line);
        assertEquals(List.of("GET /analytics/{id} 404"), http);
    }

    @Test
    void anUnfitRequestIdIsReplacedAndTheIdSurvivesAReset() throws Exception {
        AccessLogFilter f = new AccessLogFilter(lines::add, null);
        for (String given : new String[] {null, "", "a b", "x".repeat(65), "id\r\nX-Evil: 1", "ümlaut", "a;b"}) {
            Exchange x = exchange("POST", "/data", given, 200);
            f.doFilter(x.req(), x.resp(), (rq, rs) -> {
                ((HttpServletResponse) rs).reset(); // as the edge filter does before an error answer
                ((HttpServletResponse) rs).setStatus(500);
            });
            String id = x.headers().get("X-Request-Id");
            assertTrue(id != null && id.matches("[0-9a-f]{16}"), given + " -> " + id);
            assertNotEquals(given, id);
        }
        assertTrue(lines.get(0).contains("session=- "), lines.get(0));
    }

    @Test
    void anExceptionIsLoggedAs500AndPassedOn() {
        AccessLogFilter f = new AccessLogFilter(lines::add, metrics);
        Exchange x = exchange("DELETE", "/data/" + TASK, null, 200);
        try {
            f.doFilter(x.req(), x.resp(), (rq, rs) -> {
                throw new IllegalStateException("bug");
            });
        } catch (Exception e) {
            assertEquals("bug", e.getMessage());
        }
        assertEquals(List.of("DELETE /data/{id} 500"), http);
    }

    @Test
    void routeTemplatesNeverCarryIds() {
        assertEquals("/data", Routes.template("/data"));
        assertEquals("/data/{id}", Routes.template("/data/" + TASK));
        assertEquals("/data/meta/{id}", Routes.template("/data/meta/" + TASK));
        assertEquals("/analytics/{id}", Routes.template("/analytics/" + TASK.toUpperCase()));
        assertEquals("/state/{id}", Routes.template("/state/" + TASK));
        assertEquals("/misc/version", Routes.template("/misc/version"));
        assertEquals("/health/ready", Routes.template("/health/ready"));
        assertEquals("/metrics", Routes.template("/metrics"));
        assertEquals("/demo/*", Routes.template("/demo/index.html"));
        assertEquals("other", Routes.template("/data/not-a-uuid"));
        assertEquals("other", Routes.template("/data/" + TASK + "/x"));
        assertEquals("other", Routes.template("/wp-admin/" + TASK));
        assertEquals("other", Routes.template("/" + "a".repeat(5000)));
        assertEquals("OTHER", AccessLogFilter.method("PROPFIND"));
        assertEquals("GET", AccessLogFilter.method("GET"));
    }
}
