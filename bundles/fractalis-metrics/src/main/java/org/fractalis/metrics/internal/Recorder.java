package org.fractalis.metrics.internal;

import java.util.Locale;

import org.fractalis.api.backend.JobMessage;
import org.fractalis.api.metrics.Metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * The node's metrics in one Prometheus registry. Without exemplars: sampling them costs time on every event and
 * asks the client's optional tracer module (not installed) for a span. Recording is switched off as a whole with {@link #enabled} (exposure
 * {@code off}): then each call is one volatile read. Label values are cut to {@value #MAX_LABEL} characters, so a
 * strange plugin name cannot make a huge series.
 */
final class Recorder implements Metrics {
    static final int MAX_LABEL = 64;
    /** Job wait and run times: from 10 ms up to the default task time limit (20 min). */
    private static final double[] JOB_SECONDS = {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200};
    /** HTTP latency: from 1 ms (a poll) up to a long ?wait=1. */
    private static final double[] HTTP_SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
        10, 30, 120};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter jobs;
    private final Histogram jobRun;
    private final Histogram jobWait;
    private final Counter etlRows;
    private final Counter etlBytes;
    private final Counter httpRequests;
    private final Histogram httpDuration;
    private final Counter backendEvents;
    private volatile boolean enabled = true;

    Recorder(boolean jvm) {
        jobs = Counter.builder().name("fractalis_jobs_total")
                .help("Jobs that ran on this node, by kind, plugin (handler or task) and outcome")
                .withoutExemplars().labelNames("kind", "plugin", "outcome").register(registry);
        jobRun = Histogram.builder().name("fractalis_job_run_seconds").help("How long jobs ran on this node")
                .withoutExemplars().labelNames("kind", "plugin").classicOnly().classicUpperBounds(JOB_SECONDS).register(registry);
        jobWait = Histogram.builder().name("fractalis_job_wait_seconds")
                .help("How long jobs waited from submission until they started on this node")
                .withoutExemplars().labelNames("kind", "plugin").classicOnly().classicUpperBounds(JOB_SECONDS).register(registry);
        etlRows = Counter.builder().name("fractalis_etl_rows_total").help("Rows loaded by ETLs, by handler")
                .withoutExemplars().labelNames("handler").register(registry);
        etlBytes = Counter.builder().name("fractalis_etl_bytes_total")
                .help("Bytes of the loaded variables in the store, by handler").withoutExemplars().labelNames("handler")
                .register(registry);
        httpRequests = Counter.builder().name("fractalis_http_requests_total")
                .help("HTTP requests by method, route template and status").withoutExemplars().labelNames("method", "route", "status")
                .register(registry);
        httpDuration = Histogram.builder().name("fractalis_http_request_duration_seconds")
                .help("Time to answer HTTP requests, by method and route template").withoutExemplars().labelNames("method", "route")
                .classicOnly().classicUpperBounds(HTTP_SECONDS).register(registry);
        backendEvents = Counter.builder().name("fractalis_backend_events_total")
                .help("Errors and reconnects of the Redis store and the RabbitMQ queue").withoutExemplars().labelNames("backend", "event")
                .register(registry);
        if (jvm) {
            JvmMetrics.register(registry); // heap, GC, threads
        }
    }

    PrometheusRegistry registry() {
        return registry;
    }

    void enabled(boolean on) {
        this.enabled = on;
    }

    boolean enabled() {
        return enabled;
    }

    MetricSnapshots scrape() {
        return registry.scrape();
    }

    @Override
    public void jobEnded(JobMessage.Kind kind, String plugin, String outcome, long waitedMillis, long ranNanos) {
        if (!enabled) {
            return;
        }
        String k = kind == null ? "unknown" : kind.name().toLowerCase(Locale.ROOT);
        String p = label(plugin);
        jobs.labelValues(k, p, label(outcome)).inc();
        jobRun.labelValues(k, p).observe(Math.max(0, ranNanos) / 1e9);
        jobWait.labelValues(k, p).observe(Math.max(0, waitedMillis) / 1e3);
    }

    @Override
    public void etlLoaded(String handler, long rows, long bytes) {
        if (!enabled) {
            return;
        }
        String h = label(handler);
        etlRows.labelValues(h).inc(Math.max(0, rows));
        etlBytes.labelValues(h).inc(Math.max(0, bytes));
    }

    @Override
    public void httpRequest(String method, String route, int status, long nanos) {
        if (!enabled) {
            return;
        }
        String m = label(method);
        String r = label(route);
        httpRequests.labelValues(m, r, status(status)).inc();
        httpDuration.labelValues(m, r).observe(Math.max(0, nanos) / 1e9);
    }

    @Override
    public void backendEvent(String backend, String event) {
        if (enabled) {
            backendEvents.labelValues(label(backend), label(event)).inc();
        }
    }

    /** Status codes as label values without allocating for the common ones. */
    private static final String[] STATUS = new String[600];

    static {
        for (int i = 100; i < STATUS.length; i++) {
            STATUS[i] = Integer.toString(i);
        }
    }

    static String status(int code) {
        return code >= 100 && code < STATUS.length ? STATUS[code] : "other";
    }

    static String label(String value) {
        if (value == null || value.isEmpty()) {
            return "unknown";
        }
        return value.length() > MAX_LABEL ? value.substring(0, MAX_LABEL) : value;
    }
}
