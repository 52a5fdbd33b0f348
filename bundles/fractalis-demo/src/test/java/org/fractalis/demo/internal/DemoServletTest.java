package org.fractalis.demo.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import javax.servlet.ServletException;

import org.fractalis.api.connector.Connector;
import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.connector.EtlRequest;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.junit.jupiter.api.Test;

class DemoServletTest {
    private final DemoServlet servlet = new DemoServlet();

    private FakeHttp.Recorded call(String method, String pathInfo, Map<String, String> headers)
            throws ServletException, IOException {
        FakeHttp.Recorded r = new FakeHttp.Recorded();
        servlet.service(FakeHttp.request(method, pathInfo, headers), r.proxy());
        return r;
    }

    private FakeHttp.Recorded get(String pathInfo) throws ServletException, IOException {
        return call("GET", pathInfo, Map.of());
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DemoServletTest.class.getClassLoader().getResourceAsStream("web/" + name)) {
            return in.readAllBytes();
        }
    }

    /** A connector that serves stage_group rows as given and counts its loads. */
    private static final class StageGroups implements Connector {
        final AtomicInteger loads = new AtomicInteger();
        final Frame frame;
        Map<String, Object> lastDescriptor;

        StageGroups(Frame frame) {
            this.frame = frame;
        }

        @Override
        public DataKind kind(Map<String, Object> descriptor) {
            return DataKind.CATEGORICAL;
        }

        @Override
        public String label(Map<String, Object> descriptor) {
            return "stage_group";
        }

        @Override
        public Frame load(EtlRequest request) throws ConnectorException {
            loads.incrementAndGet();
            lastDescriptor = request.descriptor();
            if (frame == null) {
                throw new ConnectorException("no data");
            }
            return frame;
        }
    }

    private static Frame stageGroups(String... idValuePairs) {
        Frame.Builder b = Frame.builder(DataKind.CATEGORICAL);
        for (int i = 0; i < idValuePairs.length; i += 2) {
            b.add(idValuePairs[i], "stage_group", idValuePairs[i + 1]);
        }
        return b.build();
    }

    @Test
    void demoWithoutSlashRedirectsRelatively() throws Exception {
        FakeHttp.Recorded r = get(null);
        assertEquals(302, r.status);
        assertEquals("demo/", r.headers.get("Location"), "relative, so a path prefix in front of the node is kept");
    }

    @Test
    void folderServesIndexHtml() throws Exception {
        FakeHttp.Recorded r = get("/");
        assertEquals(200, r.status);
        assertEquals("text/html; charset=utf-8", r.contentType);
        assertArrayEquals(resource("index.html"), r.body.toByteArray());
        assertEquals(r.body.size(), r.contentLength);
        assertEquals("nosniff", r.headers.get("X-Content-Type-Options"));
    }

    @Test
    void filesHaveTheirTypes() throws Exception {
        assertEquals("application/javascript; charset=utf-8", get("/demo.js").contentType);
        assertEquals("text/css; charset=utf-8", get("/demo.css").contentType);
        assertEquals("text/html; charset=utf-8", get("/index.html").contentType);
    }

    @Test
    void headSendsNoBody() throws Exception {
        FakeHttp.Recorded r = call("HEAD", "/demo.js", Map.of());
        assertEquals(200, r.status);
        assertEquals(resource("demo.js").length, r.contentLength);
        assertEquals(0, r.body.size());
    }

    @Test
    void unknownOrUnsafeNamesAre404() throws Exception {
        for (String path : List.of("/nothing.js", "/../pom.xml", "/web/demo.js", "/org/fractalis/demo/internal/Json.class",
                "/.hidden.js", "/demo.js/", "/DemoServlet.class", "/index", "//demo.js", "/%2e%2e/x.js")) {
            FakeHttp.Recorded r = get(path);
            assertEquals(404, r.status, path);
            assertEquals("application/json", r.contentType, path);
            assertTrue(r.body.toString(StandardCharsets.UTF_8).startsWith("{\"error\":\"Not found: "), path);
        }
    }

    @Test
    void entityTagGivesNotModified() throws Exception {
        FakeHttp.Recorded first = get("/demo.js");
        String etag = first.headers.get("ETag");
        assertTrue(etag != null && etag.startsWith("\""), etag);
        assertEquals("no-cache", first.headers.get("Cache-Control"));
        FakeHttp.Recorded again = call("GET", "/demo.js", Map.of("If-None-Match", etag));
        assertEquals(304, again.status);
        assertEquals(0, again.body.size());
        assertEquals(200, call("GET", "/demo.js", Map.of("If-None-Match", "\"other\"")).status);
    }

    @Test
    void textIsGzippedWhenAccepted() throws Exception {
        FakeHttp.Recorded r = call("GET", "/demo.js", Map.of("Accept-Encoding", "gzip, deflate, br"));
        assertEquals("gzip", r.headers.get("Content-Encoding"));
        assertEquals("Accept-Encoding", r.headers.get("Vary"));
        byte[] plain;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body.toByteArray()))) {
            plain = in.readAllBytes();
        }
        assertArrayEquals(resource("demo.js"), plain);
        FakeHttp.Recorded identity = get("/demo.js");
        assertNull(identity.headers.get("Content-Encoding"));
        assertEquals("Accept-Encoding", identity.headers.get("Vary"));
    }

    @Test
    void subsetsComeFromTheConnectorInFrameOrder() throws Exception {
        StageGroups connector = new StageGroups(stageGroups("p3", "late", "p1", "early", "p2", "late", "p4", "early",
                "p5", "unknown"));
        servlet.demoConnector = connector;
        FakeHttp.Recorded r = get("/subsets.json");
        assertEquals(200, r.status);
        assertEquals("application/json", r.contentType);
        assertEquals("no-store", r.headers.get("Cache-Control"));
        assertEquals("{\"handler\":\"demo_tcga_coad\",\"field\":\"stage_group\",\"labels\":[\"early\",\"late\"],"
                + "\"subsets\":[[\"p1\",\"p4\"],[\"p3\",\"p2\"]]}", r.body.toString(StandardCharsets.UTF_8));
        assertEquals(Map.of("dataType", "categorical", "field", "stage_group"), connector.lastDescriptor);
        get("/subsets.json");
        assertEquals(1, connector.loads.get(), "the cohort is fixed: loaded once per connector instance");

        StageGroups other = new StageGroups(stageGroups("q1", "early"));
        servlet.demoConnector = other;
        assertEquals("{\"handler\":\"demo_tcga_coad\",\"field\":\"stage_group\",\"labels\":[\"early\",\"late\"],"
                + "\"subsets\":[[\"q1\"],[]]}", get("/subsets.json").body.toString(StandardCharsets.UTF_8));
        assertEquals(1, other.loads.get());
    }

    @Test
    void subsetsWithoutConnectorAre503() throws Exception {
        FakeHttp.Recorded r = get("/subsets.json");
        assertEquals(503, r.status);
        assertEquals("{\"error\":\"The demo connector (handler 'demo_tcga_coad') is not installed on this node.\"}",
                r.body.toString(StandardCharsets.UTF_8));
    }

    @Test
    void failingConnectorIs500AndIsAskedAgainLater() throws Exception {
        StageGroups broken = new StageGroups(null);
        servlet.demoConnector = broken;
        FakeHttp.Recorded r = get("/subsets.json");
        assertEquals(500, r.status);
        assertEquals("{\"error\":\"Cannot load the demo subsets: no data\"}", r.body.toString(StandardCharsets.UTF_8));
        get("/subsets.json");
        assertEquals(2, broken.loads.get(), "a failure is not cached");
    }

    @Test
    void otherMethodsAreRejected() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE")) {
            FakeHttp.Recorded r = call(method, "/", Map.of());
            assertEquals(405, r.status, method);
            assertEquals(0, r.body.size(), method);
        }
    }
}
