package org.fractalis.web.internal;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

import org.fractalis.api.metrics.LogIds;
import org.fractalis.api.metrics.Metrics;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outermost filter of the default context (ranked above the edge filter, so it also sees the edge's own answers):
 * gives every request an id, echoed in {@code X-Request-Id}, writes one access-log line per request to the logger
 * {@value #LOGGER} (method, route template, status, duration, a hash of the session id, request id) and counts the
 * request in the metrics when the metrics service is there. Never logs the raw path (ids), the session id, a cookie
 * or a header value other than an accepted request id.
 */
// immediate: one instance for the bundle's life. Pax Web ungets and gets the whiteboard services again when it
// re-registers others (e.g. the REST servlet after core restarts); a delayed component would be disposed and created
// anew each time
@Component(service = Filter.class, immediate = true, property = "service.ranking:Integer=" + AccessLogFilter.RANKING)
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardFilterName("fractalis-access")
public final class AccessLogFilter implements Filter {
    static final String LOGGER = "org.fractalis.access";
    static final String HEADER = "X-Request-Id";
    /** Above the edge filter (0): the whiteboard runs filters of higher ranking first. */
    static final int RANKING = 1000;
    /** A request id a client or proxy may set: short, and nothing a log reader could mistake for more. */
    private static final Pattern GIVEN_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Where lines go (the logger; tests capture them) and whether anyone reads them (the logger's level). */
    private final Consumer<String> lines;
    private final BooleanSupplier logging;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Metrics metrics;

    public AccessLogFilter() {
        Logger access = LoggerFactory.getLogger(LOGGER);
        this.lines = access::info;
        this.logging = access::isInfoEnabled;
    }

    AccessLogFilter(Consumer<String> lines, Metrics metrics) {
        this.lines = lines;
        this.logging = () -> true;
        this.metrics = metrics;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse resp)) {
            chain.doFilter(request, response);
            return;
        }
        long start = System.nanoTime();
        String id = requestId(req.getHeader(HEADER));
        IdKeeping keeping = new IdKeeping(resp, id);
        resp.setHeader(HEADER, id);
        int status = 500;
        try {
            chain.doFilter(req, keeping);
            status = resp.getStatus();
        } finally {
            long nanos = System.nanoTime() - start;
            String method = method(req.getMethod());
            String route = Routes.template(Edge.path(req));
            Metrics m = metrics;
            if (m != null) {
                m.httpRequest(method, route, status, nanos);
            }
            if (logging.getAsBoolean()) {
                Object session = req.getAttribute(FractalisServlet.SESSION_ATTRIBUTE);
                lines.accept("method=" + method + " route=" + route + " status=" + status + " ms=" + nanos / 1_000_000
                        + " session=" + (session instanceof String s ? LogIds.hash(s) : "-") + " request=" + id);
            }
        }
    }

    /** The client's id when it is a sane one, else a new random one (16 hex digits). */
    static String requestId(String given) {
        if (given != null && GIVEN_ID.matcher(given).matches()) {
            return given;
        }
        long r = ThreadLocalRandom.current().nextLong();
        char[] out = new char[16];
        for (int i = 15; i >= 0; i--) {
            out[i] = HEX[(int) (r & 0xf)];
            r >>>= 4;
        }
        return new String(out);
    }

    /** Methods as metric labels: the node's own few, anything else one value. */
    static String method(String m) {
        return m != null && Edge.METHODS.contains(m) ? m : "OTHER";
    }

    /** Puts the id back when a filter or servlet resets the response (the edge filter does, on errors). */
    private static final class IdKeeping extends HttpServletResponseWrapper {
        private final String id;

        IdKeeping(HttpServletResponse resp, String id) {
            super(resp);
            this.id = id;
        }

        @Override
        public void reset() {
            super.reset();
            setHeader(HEADER, id);
        }
    }
}
