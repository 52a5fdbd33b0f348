package org.fractalis.api.backend;

import java.util.Optional;
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

    /**
     * The threads this queue runs jobs on, when it runs any on this node (health checks read it: fewer alive
     * threads than configured means the node cannot run jobs as it should). Empty for a queue without its own
     * pool.
     *
     * @since 1.2
     */
    default Optional<WorkerPoolHealth> workerPool() {
        return Optional.empty();
    }

    /**
     * Checks, without sending a job, that the queue can accept jobs now (health checks call it): returns normally,
     * or throws {@link BackendUnavailableException} saying why not (e.g. the broker is unreachable or blocks
     * publishing). Quick: at most about the queue's connection timeout. The default suits an in-JVM queue.
     *
     * @since 1.2
     */
    default void probe() {
        // an in-JVM queue is always reachable
    }
}
