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
 */
public record JobInfo(String id, JobMessage.Kind kind, String plugin, String sessionId, JobState state,
        String message, long submittedAt, long finishedAt) {
}
