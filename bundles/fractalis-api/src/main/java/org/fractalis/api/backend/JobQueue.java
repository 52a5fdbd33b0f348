package org.fractalis.api.backend;

import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Delivers {@link JobMessage}s from web nodes to workers.
 *
 * <p>The embedded implementation (fractalis-core) runs jobs on a bounded in-JVM pool; the RabbitMQ one
 * routes a job to a worker that has its plugin. Selected by the service property
 * {@link StateStore#BACKEND}.
 */
@ConsumerType
public interface JobQueue {

    /**
     * Queues a job. Returns once the queue has accepted it.
     *
     * @throws BackendUnavailableException when the queue cannot accept jobs now
     */
    void submit(JobMessage job);

    /**
     * Asks whoever runs the job to interrupt it. A job not started yet is dropped when it comes up
     * (the worker sees its state REVOKED). Best effort, idempotent.
     */
    void cancel(String jobId);

    /**
     * Starts consuming jobs of the given kinds and plugins with the handler. Calling it again replaces
     * the plugin set (plugins come and go).
     */
    void consume(JobHandler handler, Set<String> plugins);

    /** Stops consuming for that handler; running jobs are interrupted. */
    void stopConsuming(JobHandler handler);
}
