package org.fractalis.core.internal.job;

import java.util.function.Consumer;

import org.fractalis.api.backend.JobMessage;
import org.fractalis.api.service.JobInfo;
import org.fractalis.api.service.JobState;

/**
 * Jobs that a restart took away. The durable embedded store keeps a job's state across a restart, but the
 * embedded queue lives in the JVM: a job still SUBMITTED that was submitted before this queue started waits for
 * nothing. It is ended as FAILURE with a message asking to run it again (an ETL is not re-queued: its message,
 * which the worker needs, lived only in the old queue), so a client polling it gets an answer instead of waiting
 * for ever.
 */
public final class LostJobs {

    public static final String MESSAGE = "RuntimeError: The node restarted while this job was waiting or running; "
            + "please run it again.";

    private LostJobs() {
    }

    /**
     * Ends as FAILURE every job still SUBMITTED that was submitted before {@code queueStartedAt} (epoch ms).
     *
     * @param forgetCredentials removes an ended ETL's sealed credentials
     * @return how many jobs were ended
     */
    public static int fail(Jobs jobs, long queueStartedAt, Consumer<String> forgetCredentials) {
        int n = 0;
        for (JobInfo j : jobs.list()) {
            if (j.state() == JobState.SUBMITTED && j.submittedAt() < queueStartedAt
                    && jobs.finish(j.id(), JobState.FAILURE, MESSAGE)) {
                if (j.kind() == JobMessage.Kind.ETL) {
                    forgetCredentials.accept(j.id());
                }
                n++;
            }
        }
        return n;
    }
}
