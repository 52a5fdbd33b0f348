package org.fractalis.api.service;

import java.time.Duration;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/** Analytic tasks of a session. All methods throw {@link ServiceException} on refusal. */
@ProviderType
public interface AnalyticsService {

    /**
     * Queues a task. An unknown task name is a BAD_REQUEST with error key {@code error_msg}; argument
     * problems are reported later through the task's FAILURE.
     *
     * @return the task id
     */
    String submit(String sessionId, String taskName, Map<String, Object> args);

    /** 403 if the id is not the session's. */
    TaskStatus status(String sessionId, String taskId);

    /** Like {@link #status} but first waits up to {@code timeout} for the task to end. */
    TaskStatus awaitTask(String sessionId, String taskId, Duration timeout) throws InterruptedException;

    /** Cancels the task if running and drops it from the session; 403 if not the session's. */
    void cancel(String sessionId, String taskId);
}
