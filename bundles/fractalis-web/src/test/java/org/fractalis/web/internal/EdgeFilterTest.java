package org.fractalis.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.servlet.FilterChain;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.fractalis.api.config.TypedConfig;
import org.fractalis.web.internal.FractalisServletTest.Recorded;
import org.junit.jupiter.api.Test;

/**
 * The filter in front of every servlet (issue 10, finding 7): unknown methods 405 on any path, JSON 503 with CORS
 * while the REST servlet is not there, JSON instead of Jetty's HTML for every other error.
 */
class EdgeFilterTest {
    private static final String PAGE = "http://127.0.0.1:41234";
    private final EdgeFilter filter = new EdgeFilter(TypedConfig.of(FractalisServlet.Config.class, Map.of()));

    private static HttpServletRequest request(String method, String path) {
        return FractalisServletTest.request(method, path, Map.of("Origin", PAGE), null, null, -1, null);
    }

    private Recorded call(HttpServletRequest req, FilterChain chain) throws Exception {
        Recorded r = new Recorded();
        filter.doFilter(req, r.proxy(), chain);
        return r;
    }

    @Test
    void unknownMethodsAre405OnEveryPathWithoutReachingAServlet() throws Exception {
        for (String path : new String[] {"/data", "/demo/", "/demo/index.html", "/nothing"}) {
            for (String method : new String[] {"PROPFIND", "MKCOL", "get", "TRACE", "PUT", "CONNECT"}) {
                AtomicBoolean reached = new AtomicBoolean();
                Recorded r = call(request(method, path), (q, s) -> reached.set(true));
                assertEquals(405, r.status, method + " " + path);
                assertFalse(reached.get());
                assertEquals("Method not allowed.", r.json().get("error"));
                assertEquals(Edge.ALLOW, r.header("Allow"));
                assertEquals(PAGE, r.header("Access-Control-Allow-Origin"));
            }
        }
    }

    @Test
    void optionsOutsideTheApiIs405AndOnTheApiGoesToTheServlet() throws Exception {
        AtomicBoolean reached = new AtomicBoolean();
        Recorded demo = call(request("OPTIONS", "/demo/"), (q, s) -> reached.set(true));
        assertEquals(405, demo.status);
        assertFalse(reached.get());
        call(request("OPTIONS", "/data/meta/0b6f7c1e-2d4a-4a57-9a51-3c1f0e9d8b21"), (q, s) -> reached.set(true));
        assertTrue(reached.get());
    }

    @Test
    void anApiRequestTheRestServletDidNotTakeIsJson503WithCors() throws Exception {
        // what Pax Web's Default404Servlet does while no servlet is registered for the path
        FilterChain nobody = (q, s) -> ((HttpServletResponse) s).sendError(404);
        for (String path : new String[] {"/data", "/misc/version", "/analytics/x", "/state"}) {
            Recorded r = call(request("GET", path), nobody);
            assertEquals(503, r.status, path);
            assertTrue(r.contentType.startsWith("application/json"));
            assertTrue(r.json().get("error").toString().contains("starting or stopping"));
            assertEquals(PAGE, r.header("Access-Control-Allow-Origin"));
            assertEquals("true", r.header("Access-Control-Allow-Credentials"));
            assertEquals("5", r.header("Retry-After"));
        }
        Recorded other = call(request("GET", "/favicon.ico"), nobody);
        assertEquals(404, other.status);
        assertEquals("Not found.", other.json().get("error"));
    }

    @Test
    void aServletsOwnErrorStaysItsStatusInJson() throws Exception {
        FilterChain rest = (q, s) -> {
            q.setAttribute(Edge.REACHED, Boolean.TRUE);
            ((HttpServletResponse) s).sendError(404, "<html>not here</html>");
        };
        Recorded r = call(request("GET", "/data"), rest);
        assertEquals(404, r.status);
        assertEquals("Not found.", r.json().get("error"));
        Recorded post = call(request("POST", "/demo/"), (q, s) -> ((HttpServletResponse) s).sendError(405, "x"));
        assertEquals(405, post.status);
    }

    @Test
    void anExceptionIsJson500WithoutDetails() throws Exception {
        Recorded r = call(request("GET", "/demo/"), (q, s) -> {
            throw new IllegalStateException("secret internals");
        });
        assertEquals(500, r.status);
        assertEquals("Internal server error.", r.json().get("error"));
        assertFalse(r.body.toString().contains("secret"));
        assertEquals(PAGE, r.header("Access-Control-Allow-Origin"));
    }

    @Test
    void aNormalAnswerPassesUntouched() throws Exception {
        Recorded r = call(request("GET", "/data"), (q, s) -> {
            q.setAttribute(Edge.REACHED, Boolean.TRUE);
            ((HttpServletResponse) s).setStatus(200);
        });
        assertEquals(200, r.status);
        assertNull(r.header("Access-Control-Allow-Origin"), "CORS of normal answers is the servlet's business");
        assertEquals(0, r.body.size());
    }
}
