package org.fractalis.api.service;

import org.fractalis.api.backend.JobMessage;

/**
 * What is known of a job.
 *
 * @param id the job id
 * @param kind ETL or ANALYTICS
 * @param plugin the handler or task name
 * @param sessionId the owning session
 * @param state the state
 * @param message the failure message (FAILURE), else null
 * @param submittedAt epoch ms
 * @param finishedAt epoch ms, 0 while running
 * @param startedAt epoch ms when a worker last started it, 0 while it waits in the queue (since 1.3)
 * @param args a short summary of what the job was asked to do, without credentials or secret-looking values, for
 *     operators; null for jobs recorded before 1.3 (since 1.3)
 */
public record JobInfo(String id, JobMessage.Kind kind, String plugin, String sessionId, JobState state,
        String message, long submittedAt, long finishedAt, long startedAt, String args) {

    /** A job without start time and argument summary (as recorded before 1.3). */
    public JobInfo(String id, JobMessage.Kind kind, String plugin, String sessionId, JobState state, String message,
            long submittedAt, long finishedAt) {
        this(id, kind, plugin, sessionId, state, message, submittedAt, finishedAt, 0, null);
    }
}
