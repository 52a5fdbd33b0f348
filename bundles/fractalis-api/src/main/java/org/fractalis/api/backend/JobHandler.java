package org.fractalis.api.backend;

import org.osgi.annotation.versioning.ConsumerType;

/** Runs one job on a worker. Implemented by fractalis-worker; the queue calls it. */
@ConsumerType
public interface JobHandler {

    /**
     * Runs the job to its end and stores its outcome. Returns normally when the outcome is stored
     * (success or failure alike), so the queue may acknowledge the message. Throws only when the outcome
     * could not be stored (the queue should redeliver).
     *
     * @throws InterruptedException when cancelled; the outcome (REVOKED) is stored by the caller of cancel
     */
    void handle(JobMessage job) throws InterruptedException;

    /**
     * Called for a job the queue gives up on (it failed or killed its worker on every delivery and was
     * dead-lettered): the job should end as FAILURE with this reason. Throws when that could not be stored (the
     * queue tries again later).
     *
     * @param job the job as it was submitted
     * @param reason why it was given up, for the user
     */
    default void giveUp(JobMessage job, String reason) {
        // a handler that does not store outcomes has nothing to record
    }
}
