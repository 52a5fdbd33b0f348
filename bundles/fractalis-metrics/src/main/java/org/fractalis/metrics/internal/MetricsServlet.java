package org.fractalis.metrics.internal;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /metrics}: an exact whiteboard pattern (wins over the REST servlet's {@code /*} and needs no REST
 * servlet), so worker nodes serve it too. Without configuration of its own, so its registration stays put while the
 * exposure changes.
 */
@Component(service = Servlet.class, immediate = true)
@HttpWhiteboardServletPattern(MetricsServlet.PATH)
@HttpWhiteboardServletName("fractalis-metrics")
public final class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String PATH = "/metrics";
    private final transient PrometheusMetrics metrics;

    @Activate
    public MetricsServlet(@Reference PrometheusMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        metrics.serve(req, resp);
    }
}
