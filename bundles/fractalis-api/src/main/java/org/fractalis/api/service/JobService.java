package org.fractalis.api.service;

import java.util.List;
import java.util.Optional;

import org.fractalis.api.backend.JobMessage;
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
}
