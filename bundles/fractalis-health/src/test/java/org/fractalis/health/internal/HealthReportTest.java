package org.fractalis.health.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckMetadata;
import org.apache.felix.hc.api.execution.HealthCheckSelector;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What /health/ready answers for given check results. */
class HealthReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyCheckIsListedWithNameStatusMessageAndDuration() throws Exception {
        HealthReport r = HealthReport.of(List.of(result("store", Result.Status.OK, "The store answers.", 3),
                result("queue", Result.Status.WARN, "slow", 7)));
        assertTrue(r.ready(), "WARN is still ready");
        assertEquals(200, r.httpStatus());
        JsonNode json = JSON.readTree(r.json());
        assertEquals("WARN", json.get("status").asText());
        assertTrue(json.get("ready").asBoolean());
        assertEquals(2, json.get("checks").size());
        JsonNode queue = json.get("checks").get(0); // sorted by name
        assertEquals("queue", queue.get("name").asText());
        assertEquals("WARN", queue.get("status").asText());
        assertEquals("slow", queue.get("message").asText());
        assertEquals(7, queue.get("duration_ms").asLong());
        assertEquals("store", json.get("checks").get(1).get("name").asText());
    }

    @Test
    void oneCriticalCheckMakesTheNodeNotReady() throws Exception {
        HealthReport r = HealthReport.of(List.of(result("store", Result.Status.OK, "ok", 1),
                result("queue", Result.Status.CRITICAL, "RabbitMQ is unreachable", 2)));
        assertFalse(r.ready());
        assertEquals(503, r.httpStatus());
        assertEquals("CRITICAL", JSON.readTree(r.json()).get("status").asText());
        HealthReport error = HealthReport.of(List.of(result("x", Result.Status.HEALTH_CHECK_ERROR, "boom", 1)));
        assertEquals(503, error.httpStatus());
    }

    @Test
    void noChecksIsNotReady() throws Exception {
        HealthReport r = HealthServlet.readiness(null);
        assertEquals(503, r.httpStatus());
        JsonNode json = JSON.readTree(r.json());
        assertEquals(0, json.get("checks").size());
        assertTrue(json.get("message").asText().contains("No readiness check"));
    }

    @Test
    void theServletAsksForTheReadyTag() {
        HealthSelectorSpy spy = new HealthSelectorSpy();
        HealthReport r = HealthServlet.readiness(spy);
        assertEquals(List.of("ready"), List.of(spy.selector.tags()));
        assertEquals(200, r.httpStatus());
    }

    private static final class HealthSelectorSpy implements org.apache.felix.hc.api.execution.HealthCheckExecutor {
        HealthCheckSelector selector;

        @Override
        public List<HealthCheckExecutionResult> execute(HealthCheckSelector s) {
            selector = s;
            return List.of(result("role", Result.Status.OK, "web", 1));
        }

        @Override
        public List<HealthCheckExecutionResult> execute(HealthCheckSelector s,
                org.apache.felix.hc.api.execution.HealthCheckExecutionOptions options) {
            return execute(s);
        }
    }

    static HealthCheckExecutionResult result(String name, Result.Status status, String message, long ms) {
        Map<String, Object> props = Map.of(HealthCheck.NAME, name, HealthCheck.TAGS, "ready", Constants.SERVICE_ID,
                1L);
        ServiceReference<?> ref = (ServiceReference<?>) Proxy.newProxyInstance(HealthReportTest.class.getClassLoader(),
                new Class<?>[] { ServiceReference.class }, (p, m, args) -> {
                    if ("getProperty".equals(m.getName())) {
                        return props.get(args[0]);
                    }
                    if ("hashCode".equals(m.getName())) {
                        return 1;
                    }
                    return null;
                });
        HealthCheckMetadata meta = new HealthCheckMetadata(ref);
        Result res = new Result(status, message);
        return new HealthCheckExecutionResult() {
            @Override
            public Result getHealthCheckResult() {
                return res;
            }

            @Override
            public long getElapsedTimeInMs() {
                return ms;
            }

            @Override
            public Date getFinishedAt() {
                return new Date();
            }

            @Override
            public boolean hasTimedOut() {
                return false;
            }

            @Override
            public HealthCheckMetadata getHealthCheckMetadata() {
                return meta;
            }
        };
    }
}
