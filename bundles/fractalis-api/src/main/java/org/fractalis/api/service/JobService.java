package org.fractalis.api.service;

import java.util.List;
import java.util.Optional;

import org.fractalis.api.backend.JobMessage;
import org.fractalis.api.backend.WorkerPoolHealth;
import org.osgi.annotation.versioning.ProviderType;

/** Jobs of every session: for the shell, and for workers to run them. */
@ProviderType
public interface JobService {

    List<JobInfo> jobs();

    Optional<JobInfo> get(String jobId);

    /** Cancels a job (REVOKED) if it has not ended; true if it was cancelled. */
    boolean cancel(String jobId);

    /**
     * Runs a job on this node with the plugin it names and stores its outcome. Used by workers.
     *
     * @throws InterruptedException when the job was cancelled while running
     */
    void execute(JobMessage job) throws InterruptedException;

    /**
     * Gives a job up: it ends as FAILURE with the given reason if it has not ended yet, and whatever it holds for
     * a run that will not come (an ETL's credentials) is removed. Used by queues for jobs they dead-letter.
     *
     * @return true if this call ended the job
     */
    boolean abandon(JobMessage job, String reason);

    /**
     * The threads that run jobs on this node (from the configured queue), for health checks and the shell; empty
     * when the queue has no pool on this node.
     *
     * @since 1.2
     */
    default Optional<WorkerPoolHealth> workerPool() {
        return Optional.empty();
    }
}
