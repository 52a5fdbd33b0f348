package org.fractalis.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.fractalis.api.backend.JobMessage;
import org.fractalis.api.metrics.GaugeSource;
import org.junit.jupiter.api.Test;

/** What GET /metrics answers, and what the recorded events look like in it. */
class PrometheusMetricsTest {

    static PrometheusMetrics.Config config(String exposure) {
        return new PrometheusMetrics.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return PrometheusMetrics.Config.class;
            }

            @Override
            public String metrics_exposure() {
                return exposure;
            }
        };
    }

    record Reply(int status, Map<String, String> headers, String body) {
    }

    static Reply get(PrometheusMetrics s, String remote, String accept) throws Exception {
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(getClass(PrometheusMetricsTest.class),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getMethod" -> "GET";
                    case "getRemoteAddr" -> remote;
                    case "getHeader" -> "Accept".equals(a[0]) ? accept : null;
                    default -> null;
                });
        Map<String, String> headers = new HashMap<>();
        int[] status = {200};
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener l) {
            }
        };
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(getClass(PrometheusMetricsTest.class),
                new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "setStatus" -> status[0] = (Integer) a[0];
                        case "setHeader" -> headers.put((String) a[0], (String) a[1]);
                        case "setContentType" -> headers.put("Content-Type", (String) a[0]);
                        case "getOutputStream" -> {
                            return out;
                        }
                        default -> {
                        }
                    }
                    return null;
                });
        s.serve(req, resp);
        return new Reply(status[0], headers, body.toString(StandardCharsets.UTF_8));
    }

    private static ClassLoader getClass(Class<?> c) {
        return c.getClassLoader();
    }

    @Test
    void loopbackByDefaultServesTheTextFormatToLoopbackOnly() throws Exception {
        PrometheusMetrics s = new PrometheusMetrics(config("loopback"), false);
        s.jobEnded(JobMessage.Kind.ANALYTICS, "compute-histogram", "success", 40, 250_000_000L);
        s.jobEnded(JobMessage.Kind.ETL, "test", "failure", 5, 1_000_000L);
        s.etlLoaded("test", 3, 1234);
        s.httpRequest("GET", "/analytics/{id}", 200, 2_000_000L);
        s.backendEvent("redis", "reconnect");
        Reply r = get(s, "127.0.0.1", null);
        assertEquals(200, r.status());
        assertTrue(r.headers().get("Content-Type").startsWith("text/plain; version=0.0.4"), r.headers().toString());
        String t = r.body();
        assertTrue(t.contains("fractalis_jobs_total{kind=\"analytics\",outcome=\"success\",plugin=\"compute-histogram\"} 1.0"), t);
        assertTrue(t.contains("fractalis_jobs_total{kind=\"etl\",outcome=\"failure\",plugin=\"test\"} 1.0"), t);
        assertTrue(t.contains("fractalis_job_run_seconds_bucket{kind=\"analytics\",plugin=\"compute-histogram\",le=\"0.25\"} 1"), t);
        assertTrue(t.contains("fractalis_job_run_seconds_bucket{kind=\"analytics\",plugin=\"compute-histogram\",le=\"0.1\"} 0"), t);
        assertTrue(t.contains("fractalis_job_wait_seconds_sum{kind=\"analytics\",plugin=\"compute-histogram\"} 0.04"), t);
        assertTrue(t.contains("fractalis_etl_rows_total{handler=\"test\"} 3.0"), t);
        assertTrue(t.contains("fractalis_etl_bytes_total{handler=\"test\"} 1234.0"), t);
        assertTrue(t.contains("fractalis_http_requests_total{method=\"GET\",route=\"/analytics/{id}\",status=\"200\"} 1.0"), t);
        assertTrue(t.contains("fractalis_http_request_duration_seconds_count{method=\"GET\",route=\"/analytics/{id}\"} 1"), t);
        assertTrue(t.contains("fractalis_backend_events_total{backend=\"redis\",event=\"reconnect\"} 1.0"), t);

        Reply remote = get(s, "10.1.2.3", null);
        assertEquals(403, remote.status());
        assertFalse(remote.body().contains("fractalis_"), remote.body());
    }

    @Test
    void offAnswers404AndRecordsNothingUntilSwitchedOn() throws Exception {
        PrometheusMetrics s = new PrometheusMetrics(config("off"), false);
        s.jobEnded(JobMessage.Kind.ETL, "test", "success", 1, 1);
        assertEquals(404, get(s, "127.0.0.1", null).status());
        s.modified(config("open"));
        s.jobEnded(JobMessage.Kind.ETL, "test", "success", 1, 1);
        Reply r = get(s, "203.0.113.9", null);
        assertEquals(200, r.status());
        assertTrue(r.body().contains("fractalis_jobs_total{kind=\"etl\",outcome=\"success\",plugin=\"test\"} 1.0"),
                "only the job after switching on: " + r.body());
    }

    @Test
    void openMetricsWhenAskedFor() throws Exception {
        PrometheusMetrics s = new PrometheusMetrics(config("open"), false);
        s.httpRequest("POST", "/data", 201, 1);
        Reply r = get(s, "::1", "application/openmetrics-text; version=1.0.0");
        assertTrue(r.headers().get("Content-Type").startsWith("application/openmetrics-text"), r.headers().toString());
        assertTrue(r.body().endsWith("# EOF\n"), r.body());
    }

    @Test
    void gaugeSourcesAreAskedAtScrapeTimeAndABrokenOneIsLeftOut() throws Exception {
        PrometheusMetrics s = new PrometheusMetrics(config("loopback"), false);
        int[] running = {2};
        GaugeSource jobs = sink -> {
            sink.gauge("fractalis_jobs_running", "Jobs running", running[0], "kind", "etl");
            sink.gauge("fractalis_jobs_running", "Jobs running", 1, "kind", "analytics");
        };
        GaugeSource broken = sink -> {
            throw new IllegalStateException("store gone");
        };
        GaugeSource malformed = sink -> sink.gauge("not a name", "x", 1);
        s.addSource(broken);
        s.addSource(jobs);
        s.addSource(malformed);
        String t = get(s, "127.0.0.1", null).body();
        assertTrue(t.contains("fractalis_jobs_running{kind=\"etl\"} 2.0"), t);
        assertTrue(t.contains("fractalis_jobs_running{kind=\"analytics\"} 1.0"), t);
        running[0] = 5;
        assertTrue(get(s, "127.0.0.1", null).body().contains("fractalis_jobs_running{kind=\"etl\"} 5.0"));
        s.removeSource(jobs);
        assertFalse(get(s, "127.0.0.1", null).body().contains("fractalis_jobs_running"));
    }

    @Test
    void labelsAreBounded() throws Exception {
        PrometheusMetrics s = new PrometheusMetrics(config("loopback"), false);
        s.etlLoaded("h".repeat(500), 1, 1);
        s.httpRequest(null, "/x", 999, 1);
        String t = get(s, "127.0.0.1", null).body();
        assertTrue(t.contains("handler=\"" + "h".repeat(Recorder.MAX_LABEL) + "\""), t);
        assertFalse(t.contains("h".repeat(Recorder.MAX_LABEL + 1)));
        assertTrue(t.contains("method=\"unknown\",route=\"/x\",status=\"other\""), t);
    }

    @Test
    void jvmMetricsAreThere() throws Exception {
        PrometheusMetrics s = new PrometheusMetrics(config("loopback"), true);
        String t = get(s, "127.0.0.1", null).body();
        for (String name : new String[] {"jvm_memory_used_bytes{area=\"heap\"}", "jvm_threads_current",
            "jvm_gc_collections_total{gc=", "jvm_gc_collection_seconds_total{gc=", "jvm_memory_max_bytes{area=\"heap\"}"}) {
            assertTrue(t.contains(name), name + " in " + t.substring(0, Math.min(3000, t.length())));
        }
    }
}
