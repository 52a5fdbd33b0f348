package org.fractalis.demo.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.fractalis.api.connector.Connector;
import org.fractalis.api.connector.ConnectorException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo page at {@code /demo/}: the page's files from this bundle, and {@code /demo/subsets.json}, the two
 * demo subsets read from the {@code demo_tcga_coad} connector. The REST servlet of fractalis-web is mapped to
 * {@code /*}; this more specific mapping wins for {@code /demo} and everything below it.
 *
 * <p>{@code /demo} redirects to {@code demo/} with a relative {@code Location}, so the page also works behind a
 * reverse proxy with a path prefix; {@code /demo/} serves {@code index.html}. The page talks to the node it was
 * loaded from ({@code ../} of its own address).
 */
// immediate: one instance for the bundle's life. Pax Web ungets and gets the whiteboard services again when it
// re-registers others (e.g. the REST servlet after core restarts); a delayed component would be disposed and created
// anew each time
@Component(service = Servlet.class, immediate = true)
@HttpWhiteboardServletPattern("/demo/*")
@HttpWhiteboardServletName("fractalis-demo")
public final class DemoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String SUBSETS = "subsets.json";

    private final transient Logger logger = LoggerFactory.getLogger(DemoServlet.class);
    private final transient StaticFiles files = new StaticFiles(DemoServlet.class.getClassLoader()::getResource);
    /** The subsets document of the connector instance it was computed with (the cohort is fixed). */
    private final transient AtomicReference<Cached> subsets = new AtomicReference<>();

    @Reference(target = "(" + Connector.HANDLER + "=" + DemoSubsets.HANDLER + ")",
            cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Connector demoConnector;

    private record Cached(Connector connector, byte[] json) {
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        serve(req, resp, true);
    }

    @Override
    protected void doHead(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        serve(req, resp, false);
    }

    private void serve(HttpServletRequest req, HttpServletResponse resp, boolean body) throws IOException {
        resp.setHeader("X-Content-Type-Options", "nosniff");
        String path = req.getPathInfo();
        if (path == null) {
            // "/demo": relative, so that a path prefix in front of the node is kept
            resp.setStatus(HttpServletResponse.SC_FOUND);
            resp.setHeader("Location", "demo/");
            return;
        }
        String name = path.equals("/") ? "index.html" : path.substring(1);
        if (name.equals(SUBSETS)) {
            subsets(resp, body);
            return;
        }
        Optional<StaticFiles.File> file = files.get(name);
        if (file.isEmpty()) {
            send(resp, 404, "application/json", Json.error("Not found: " + path)
                    .getBytes(StandardCharsets.UTF_8), body);
            return;
        }
        StaticFiles.File f = file.get();
        resp.setHeader("ETag", f.etag());
        resp.setHeader("Cache-Control", "no-cache");
        if (f.etag().equals(req.getHeader("If-None-Match"))) {
            resp.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        if (f.gzipped() != null) {
            resp.addHeader("Vary", "Accept-Encoding");
            if (acceptsGzip(req)) {
                resp.setHeader("Content-Encoding", "gzip");
                send(resp, 200, f.type(), f.gzipped(), body);
                return;
            }
        }
        send(resp, 200, f.type(), f.bytes(), body);
    }

    private void subsets(HttpServletResponse resp, boolean body) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        Connector connector = demoConnector;
        if (connector == null) {
            send(resp, 503, "application/json", Json.error("The demo connector (handler '" + DemoSubsets.HANDLER
                    + "') is not installed on this node.").getBytes(StandardCharsets.UTF_8), body);
            return;
        }
        Cached cached = subsets.get();
        if (cached == null || cached.connector() != connector) {
            try {
                cached = new Cached(connector, DemoSubsets.load(connector).getBytes(StandardCharsets.UTF_8));
            } catch (ConnectorException | RuntimeException e) {
                logger.warn("Cannot load the demo subsets: {}", e.getMessage());
                send(resp, 500, "application/json", Json.error("Cannot load the demo subsets: " + e.getMessage())
                        .getBytes(StandardCharsets.UTF_8), body);
                return;
            }
            subsets.set(cached);
        }
        send(resp, 200, "application/json", cached.json(), body);
    }

    private static boolean acceptsGzip(HttpServletRequest req) {
        String accept = req.getHeader("Accept-Encoding");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("gzip");
    }

    private static void send(HttpServletResponse resp, int status, String type, byte[] bytes, boolean body)
            throws IOException {
        resp.setStatus(status);
        resp.setContentType(type);
        resp.setContentLength(bytes.length);
        if (body) {
            resp.getOutputStream().write(bytes);
        }
    }
}
