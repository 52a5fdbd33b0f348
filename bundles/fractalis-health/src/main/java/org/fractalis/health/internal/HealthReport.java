package org.fractalis.health.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The outcome of one run of the readiness checks: the worst status, and per check its name, status, message and
 * duration. Ready (HTTP 200) when there are checks and none is worse than WARN.
 */
final class HealthReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Check(String name, Result.Status status, String message, long durationMs) {
    }

    private final List<Check> checks;
    private final Result.Status status;

    HealthReport(List<Check> checks) {
        this.checks = List.copyOf(checks);
        Result.Status worst = Result.Status.OK;
        for (Check c : checks) {
            if (c.status().ordinal() > worst.ordinal()) {
                worst = c.status();
            }
        }
        // no check at all means the checks are not there (yet): not ready
        this.status = checks.isEmpty() ? Result.Status.CRITICAL : worst;
    }

    static HealthReport of(List<HealthCheckExecutionResult> results) {
        List<Check> checks = new ArrayList<>();
        for (HealthCheckExecutionResult r : results) {
            Result result = r.getHealthCheckResult();
            checks.add(new Check(r.getHealthCheckMetadata().getName(), result.getStatus(), message(result),
                    r.getElapsedTimeInMs()));
        }
        checks.sort((a, b) -> a.name().compareTo(b.name()));
        return new HealthReport(checks);
    }

    /** The non-debug entries of a check's log, joined. */
    static String message(Result result) {
        List<String> lines = new ArrayList<>();
        for (ResultLog.Entry e : result) {
            if (!e.isDebug() && e.getMessage() != null && !e.getMessage().isBlank()) {
                lines.add(e.getMessage());
            }
        }
        return String.join(" ", lines);
    }

    List<Check> checks() {
        return checks;
    }

    Result.Status status() {
        return status;
    }

    boolean ready() {
        return status.ordinal() <= Result.Status.WARN.ordinal();
    }

    int httpStatus() {
        return ready() ? 200 : 503;
    }

    String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", status.name());
        root.put("ready", ready());
        ArrayNode list = root.putArray("checks");
        for (Check c : checks) {
            ObjectNode n = list.addObject();
            n.put("name", c.name());
            n.put("status", c.status().name());
            n.put("message", c.message());
            n.put("duration_ms", c.durationMs());
        }
        if (checks.isEmpty()) {
            root.put("message", "No readiness check is registered (Apache Felix Health Checks not running yet).");
        }
        return root.toString();
    }
}
