package org.fractalis.web.internal;

import java.io.IOException;

import java.util.Dictionary;
import java.util.Hashtable;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In front of every servlet of the default context (the REST servlet, the demo page, Pax Web's 404 servlet), with
 * no service references of its own, so it is there before the REST servlet registers and after it left:
 * <ul>
 * <li>methods the node does not serve (PROPFIND, MKCOL, lower-case {@code get}, TRACE, …) are 405, and OPTIONS
 * outside the API's paths too (servlets would answer 501 or 200);</li>
 * <li>a request under the API's paths that the REST servlet did not take (it is starting, stopping or being
 * reconfigured) is a JSON 503 with CORS headers instead of Pax Web's 404;</li>
 * <li>every {@code sendError} and every exception of a servlet becomes a JSON error without details instead of
 * Jetty's HTML error page.</li>
 * </ul>
 */
// registers the filter itself with fixed whiteboard properties (see FractalisServlet#register): as the component's
// service, every change of org.fractalis.web re-registered it under DS's lock and the filters stayed "unavailable"
@Component(service = {}, configurationPid = "org.fractalis.web", immediate = true)
public final class EdgeFilter implements Filter {
    private final Logger logger = LoggerFactory.getLogger(EdgeFilter.class);
    private volatile WebSettings settings;
    private final ServiceRegistration<Filter> registration;

    public EdgeFilter(FractalisServlet.Config config) {
        this(config, null);
    }

    @Activate
    public EdgeFilter(FractalisServlet.Config config, BundleContext context) {
        modified(config);
        if (context == null) {
            registration = null;
        } else {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("osgi.http.whiteboard.filter.pattern", "/*");
            props.put("osgi.http.whiteboard.filter.name", "fractalis-edge");
            props.put("component.name", EdgeFilter.class.getName()); // fractalis-health may re-register it
            registration = context.registerService(Filter.class, this, props);
        }
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping
            }
        }
    }

    /** The CORS settings follow the configuration live, as the servlet's do. */
    @Modified
    void modified(FractalisServlet.Config config) {
        // warnings about the settings are logged by the REST servlet, which reads the same configuration
        this.settings = WebSettings.from(config, w -> { });
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse resp)) {
            chain.doFilter(request, response);
            return;
        }
        String method = req.getMethod();
        String path = Edge.path(req);
        if (!Edge.METHODS.contains(method)) {
            Edge.cors(req, resp, settings);
            resp.setHeader("Allow", Edge.ALLOW);
            Edge.error(resp, 405, Edge.message(405));
            return;
        }
        if ("OPTIONS".equals(method) && !Edge.isApiPath(path)) {
            Edge.cors(req, resp, settings);
            resp.setHeader("Allow", "GET, HEAD, POST, DELETE");
            Edge.error(resp, 405, "OPTIONS is answered only on the API's paths.");
            return;
        }
        Deferred deferred = new Deferred(resp);
        try {
            chain.doFilter(req, deferred);
        } catch (RuntimeException | ServletException e) {
            logger.error("Unexpected error serving {} {}", method, path, e);
            if (!resp.isCommitted()) {
                resp.reset();
                Edge.cors(req, resp, settings);
                Edge.error(resp, 500, Edge.message(500));
            }
            return;
        }
        if (deferred.status == 0 || resp.isCommitted()) {
            return;
        }
        Edge.cors(req, resp, settings);
        if (req.getAttribute(Edge.REACHED) == null && Edge.isUnderApi(path)) {
            resp.setHeader("Retry-After", "5");
            Edge.error(resp, 503, "The REST API is starting or stopping. Please try again in a moment.");
        } else {
            Edge.error(resp, deferred.status, Edge.message(deferred.status));
        }
    }

    /** Holds back {@code sendError} (Jetty would render an HTML page) so that the filter can answer in JSON. */
    private static final class Deferred extends HttpServletResponseWrapper {
        int status;

        Deferred(HttpServletResponse resp) {
            super(resp);
        }

        @Override
        public void sendError(int sc) {
            status = sc;
        }

        @Override
        public void sendError(int sc, String msg) {
            status = sc;
        }
    }
}
