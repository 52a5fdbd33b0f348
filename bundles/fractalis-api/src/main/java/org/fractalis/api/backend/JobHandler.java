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
}
