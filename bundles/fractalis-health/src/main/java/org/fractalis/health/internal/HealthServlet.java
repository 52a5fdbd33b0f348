package org.fractalis.health.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.felix.hc.api.execution.HealthCheckExecutionOptions;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckSelector;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /health/live}: 200 while the process serves HTTP. {@code GET /health/ready}: the checks tagged
 * {@value #READY_TAG}, run by Felix Health Checks' executor (2 s timeout per check, results cached 2 s), as JSON;
 * 200 when ready, 503 otherwise. Exact patterns, so they win over the REST servlet's {@code /*} (servlet spec: exact
 * match before path prefix) and need no REST servlet: a worker node serves them too.
 */
@Component(service = Servlet.class, immediate = true)
@HttpWhiteboardServletPattern({ HealthServlet.LIVE, HealthServlet.READY })
@HttpWhiteboardServletName("fractalis-health")
public final class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String LIVE = "/health/live";
    static final String READY = "/health/ready";
    static final String READY_TAG = "ready";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile HealthCheckExecutor executor;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (LIVE.equals(req.getServletPath())) {
            write(resp, 200, "{\"status\":\"OK\"}");
        } else {
            HealthReport report = readiness(executor);
            write(resp, report.httpStatus(), report.json());
        }
    }

    private static void write(HttpServletResponse resp, int status, String json) throws IOException {
        resp.setStatus(status); // never sendError: the edge filter would replace the body
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    /** Runs the readiness checks (none without an executor: not ready). */
    static HealthReport readiness(HealthCheckExecutor executor) {
        if (executor == null) {
            return new HealthReport(List.of());
        }
        return HealthReport.of(executor.execute(HealthCheckSelector.tags(READY_TAG),
                new HealthCheckExecutionOptions()));
    }
}
