package org.fractalis.api.backend;

import java.util.List;

/**
 * A job as it travels through a {@link JobQueue}: everything a worker needs, and nothing that only
 * lives in the submitting JVM. {@code payload} is JSON text (an ETL's server, token and descriptor, or
 * an analysis's args); {@code dataIds} are the data task ids the session may use (the permission
 * check of argument resolution).
 *
 * @param id the job (= task) id, a UUID
 * @param kind what the worker must do
 * @param plugin the connector handler (ETL) or the analytics task name
 * @param sessionId the session that created the job
 * @param dataIds data task ids the job may read
 * @param payload JSON text, interpreted per kind
 * @param submittedAt epoch milliseconds
 */
public record JobMessage(String id, Kind kind, String plugin, String sessionId, List<String> dataIds,
        String payload, long submittedAt) {

    /** What a job does. */
    public enum Kind {
        /** Load one variable through a connector. */
        ETL,
        /** Run an analytics task. */
        ANALYTICS
    }

    public JobMessage {
        dataIds = List.copyOf(dataIds);
    }
}
