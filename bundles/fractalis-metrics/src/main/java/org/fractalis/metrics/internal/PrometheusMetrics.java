package org.fractalis.metrics.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.fractalis.api.backend.JobMessage;
import org.fractalis.api.metrics.GaugeSource;
import org.fractalis.api.metrics.Metrics;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;

/**
 * The {@link Metrics} service and what {@code GET /metrics} answers ({@link MetricsServlet} serves it). Who may read
 * the metrics follows {@code metrics.exposure}; with {@code off} nothing is recorded either, so they cost nothing.
 * The configured component is not the servlet: a configuration change changes a component's service properties, and
 * the HTTP whiteboard re-registers a servlet whose properties change (a moment of 404).
 */
@Component(service = { Metrics.class, PrometheusMetrics.class }, configurationPid = PrometheusMetrics.PID,
        immediate = true)
@Designate(ocd = PrometheusMetrics.Config.class)
public final class PrometheusMetrics implements Metrics {
    static final String PID = "org.fractalis.metrics";

    @ObjectClassDefinition(name = "Fractalis metrics", description = "GET /metrics (Prometheus text format). "
            + "Overridable by FRACTALIS_METRICS_EXPOSURE; a value outside the options is refused (WARN, "
            + "fractalis:config-check) and the last valid one stays.")
    public @interface Config {
        @AttributeDefinition(description = "Who may read GET /metrics: off (nothing "
                + "recorded, 404), loopback (clients on 127.0.0.0/8 or ::1 only, others 403; the default) or open "
                + "(everyone: put it behind a firewall or proxy that only lets Prometheus in)",
                options = { @Option(value = "off"), @Option(value = "loopback"), @Option(value = "open") })
        String metrics_exposure() default "loopback";
    }

    private final Logger logger = LoggerFactory.getLogger(PrometheusMetrics.class);
    private final Recorder recorder;
    private final List<GaugeSource> sources = new CopyOnWriteArrayList<>();
    private final ExpositionFormatWriter text = PrometheusTextFormatWriter.create();
    private final ExpositionFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();
    private volatile Exposure exposure;

    @Activate
    public PrometheusMetrics(Config config) {
        this(config, true);
    }

    PrometheusMetrics(Config config, boolean jvm) {
        recorder = new Recorder(jvm);
        recorder.registry().register(new GaugeCollector(() -> sources));
        modified(config);
    }

    @Modified
    void modified(Config config) {
        Exposure next = Exposure.parse(config.metrics_exposure());
        exposure = next;
        recorder.enabled(next != Exposure.OFF);
        logger.info("Metrics exposure: {}{}", next.configValue(), next == Exposure.OFF ? " (nothing recorded)" : "");
    }

    @Deactivate
    void deactivate() {
        recorder.enabled(false);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSource(GaugeSource source) {
        sources.add(source);
    }

    void removeSource(GaugeSource source) {
        sources.remove(source);
    }

    /** Answers {@code GET} (and {@code HEAD}) {@code /metrics}. */
    void serve(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Exposure e = exposure;
        if (e == Exposure.OFF) {
            json(resp, 404, "Not found.");
            return;
        }
        if (!e.allows(req.getRemoteAddr())) {
            json(resp, 403, "The metrics are served to loopback clients only (org.fractalis.metrics: "
                    + "metrics.exposure).");
            return;
        }
        String accept = req.getHeader("Accept");
        ExpositionFormatWriter writer = accept != null && accept.length() < 1000 && openMetrics.accepts(accept)
                ? openMetrics : text;
        ByteArrayOutputStream out = new ByteArrayOutputStream(16384);
        writer.write(out, recorder.scrape());
        resp.setStatus(200);
        resp.setContentType(writer.getContentType());
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(out.size());
        if (!"HEAD".equals(req.getMethod())) {
            out.writeTo(resp.getOutputStream());
        }
    }

    private static void json(HttpServletResponse resp, int status, String message) throws IOException {
        byte[] body = ("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status); // never sendError: the web node's edge filter would replace the body
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    Recorder recorder() {
        return recorder;
    }

    // --- Metrics: delegated to the recorder; never throws into the caller (a request or a job)
    @Override
    public void jobEnded(JobMessage.Kind kind, String plugin, String outcome, long waitedMillis, long ranNanos) {
        try {
            recorder.jobEnded(kind, plugin, outcome, waitedMillis, ranNanos);
        } catch (RuntimeException | LinkageError e) {
            failed(e);
        }
    }

    @Override
    public void etlLoaded(String handler, long rows, long bytes) {
        try {
            recorder.etlLoaded(handler, rows, bytes);
        } catch (RuntimeException | LinkageError e) {
            failed(e);
        }
    }

    @Override
    public void httpRequest(String method, String route, int status, long nanos) {
        try {
            recorder.httpRequest(method, route, status, nanos);
        } catch (RuntimeException | LinkageError e) {
            failed(e);
        }
    }

    @Override
    public void backendEvent(String backend, String event) {
        try {
            recorder.backendEvent(backend, event);
        } catch (RuntimeException | LinkageError e) {
            failed(e);
        }
    }

    private volatile boolean warned;

    /** A bug of the metrics must not fail what they measure: logged once, the event is lost. */
    private void failed(Throwable e) {
        if (!warned) {
            warned = true;
            logger.warn("Recording a metric failed (further failures are not logged)", e);
        }
    }
}
