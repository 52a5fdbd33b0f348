package org.fractalis.core.internal.analytics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;

import org.fractalis.api.backend.BackendUnavailableException;
import org.fractalis.api.backend.JobMessage;
import org.fractalis.api.backend.JobQueue;
import org.fractalis.api.service.AnalyticsRegistry;
import org.fractalis.api.service.ClusterDirectory;
import org.fractalis.api.service.JobInfo;
import org.fractalis.api.service.JobState;
import org.fractalis.api.service.ServiceException;
import org.fractalis.api.service.TaskStatus;
import org.fractalis.core.internal.job.Jobs;
import org.fractalis.core.internal.job.SessionQuotas;
import org.fractalis.core.internal.json.Json;
import org.fractalis.core.internal.session.Sessions;

/** Analytic tasks of a session: submission, polling, cancellation. */
public final class AnalyticTasks {
    private final JobQueue queue;
    private final Sessions sessions;
    private final Jobs jobs;
    private final AnalyticsRegistry registry;
    private final ClusterDirectory cluster;
    private final LongSupplier clock;
    private final SessionQuotas quotas;

    public AnalyticTasks(JobQueue queue, Sessions sessions, Jobs jobs, AnalyticsRegistry registry,
            ClusterDirectory cluster, LongSupplier clock, SessionQuotas quotas) {
        this.quotas = quotas;
        this.cluster = cluster;
        this.queue = queue;
        this.sessions = sessions;
        this.jobs = jobs;
        this.registry = registry;
        this.clock = clock;
    }

    public String submit(String sessionId, String taskName, Map<String, Object> args) {
        if (registry.find(taskName).isEmpty() && !cluster.offered(ClusterDirectory.analytics(taskName))) {
            if (cluster.offeredRecently(ClusterDirectory.analytics(taskName))) {
                throw new BackendUnavailableException("No worker for task '" + taskName + "' is available right "
                        + "now. Please try again later.");
            }
            throw new ServiceException(ServiceException.Reason.BAD_REQUEST,
                    "Task with name '" + taskName + "' not found.", "error_msg");
        }
        quotas.requireRoom(sessionId, 1);
        String id = UUID.randomUUID().toString();
        List<String> dataIds = sessions.get(sessionId).data();
        JobMessage m = new JobMessage(id, JobMessage.Kind.ANALYTICS, taskName, sessionId, dataIds,
                Json.text(Map.of("args", args)), clock.getAsLong());
        jobs.create(m);
        sessions.update(sessionId, s -> s.addAnalytics(id));
        try {
            queue.submit(m);
        } catch (BackendUnavailableException e) {
            sessions.update(sessionId, s -> s.removeAnalytics(id));
            jobs.delete(id);
            throw e;
        }
        return id;
    }

    public TaskStatus status(String sessionId, String id) {
        requireOwned(sessionId, id);
        JobInfo j = jobs.get(id).orElseThrow(() -> ServiceException.notFound(
                "Task ID '" + id + "' has no result any more: results are kept for a limited time."));
        return switch (j.state()) {
            case SUCCESS -> jobs.result(id).map(r -> new TaskStatus(JobState.SUCCESS, r))
                    .orElseThrow(() -> ServiceException.notFound("Task ID '" + id + "' has no result any more."));
            case FAILURE -> new TaskStatus(JobState.FAILURE, j.message());
            default -> new TaskStatus(j.state(), null);
        };
    }

    public TaskStatus await(String sessionId, String id, Duration timeout) throws InterruptedException {
        requireOwned(sessionId, id);
        jobs.awaitFinal(List.of(id), timeout);
        return status(sessionId, id);
    }

    public void cancel(String sessionId, String id) {
        requireOwned(sessionId, id);
        jobs.cancel(id);
        jobs.deleteResult(id); // frees its bytes now (issue 10, finding 2)
        sessions.update(sessionId, s -> s.removeAnalytics(id));
    }

    private void requireOwned(String sessionId, String id) {
        if (!sessions.get(sessionId).analytics().contains(id)) {
            throw ServiceException.forbidden("Task ID '" + id + "' not found in session. Refusing access.");
        }
    }
}
