package org.fractalis.core.internal;

import static org.fractalis.core.internal.CoreHarness.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.backend.JobMessage;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.metrics.Metrics;
import org.fractalis.core.internal.config.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What core reports to the metrics service about the jobs it runs, and the levels it reports at a scrape. */
class JobMetricsTest {
    private final CoreHarness n = new CoreHarness(Settings.defaults()).startWorker();
    private final List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Metrics recording = new Metrics() {
        @Override
        public void jobEnded(JobMessage.Kind kind, String plugin, String outcome, long waitedMillis, long ranNanos) {
            assertTrue(waitedMillis >= 0 && ranNanos > 0, waitedMillis + " " + ranNanos);
            events.add("job " + kind + " " + plugin + " " + outcome);
        }

        @Override
        public void etlLoaded(String handler, long rows, long bytes) {
            assertTrue(bytes > 0, "bytes " + bytes);
            events.add("etl " + handler + " " + rows);
        }

        @Override
        public void httpRequest(String method, String route, int status, long nanos) {
        }

        @Override
        public void backendEvent(String backend, String event) {
        }
    };

    @AfterEach
    void close() {
        n.close();
    }

    @Test
    void jobsAreReportedWithKindPluginOutcomeAndTheRowsOfALoad() throws Exception {
        n.core.setMetrics(recording);
        n.tasks.put("compute-echo", args -> Map.of("ok", true));
        n.tasks.put("compute-fail", args -> {
            throw new AnalyticsException("ValueError", "no");
        });
        String s = n.newSession();
        String data = n.loaded(s, DataKind.NUMERICAL, "age");
        n.awaitHandled(data);
        int rows = CoreHarness.defaultFrame(CoreHarness.desc(DataKind.NUMERICAL, "age")).size();
        String ok = n.core.submit(s, "compute-echo", Map.of("x", ref(data)));
        n.awaitHandled(ok);
        String bad = n.core.submit(s, "compute-fail", Map.of("x", ref(data)));
        n.awaitHandled(bad);
        assertEquals(List.of("job ETL " + CoreHarness.HANDLER + " success", "etl " + CoreHarness.HANDLER + " " + rows,
                "job ANALYTICS compute-echo success", "job ANALYTICS compute-fail failure"), events);

        n.core.unsetMetrics(recording);
        String after = n.core.submit(s, "compute-echo", Map.of("x", ref(data)));
        n.awaitHandled(after);
        assertEquals(4, events.size(), "nothing reported without a metrics service: " + events);
    }

    @Test
    void runningJobsAreAGaugeByKind() throws Exception {
        Map<String, Double> values = new HashMap<>();
        n.core.sample((name, help, value, labels) -> values.put(name + String.join(",", labels), value));
        assertEquals(0.0, values.get("fractalis_jobs_runningkind,etl"));
        assertEquals(0.0, values.get("fractalis_jobs_runningkind,analytics"));
        assertEquals(0.0, values.get("fractalis_jobs_waiting"), values.toString());
    }

    @Test
    void theAuditLineShowsAServerWithoutCredentials() {
        assertEquals("https://source.example:8443/api",
                org.fractalis.core.internal.job.JobExecutorAccess.auditServer("https://user:pw@source.example:8443/api?token=x#f"));
        assertEquals("ada-prod", org.fractalis.core.internal.job.JobExecutorAccess.auditServer("ada-prod"));
        assertEquals("-", org.fractalis.core.internal.job.JobExecutorAccess.auditServer("not a url"));
        assertEquals("-", org.fractalis.core.internal.job.JobExecutorAccess.auditServer(null));
    }
}
