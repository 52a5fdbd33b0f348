package org.fractalis.core.internal.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.fractalis.api.service.JobInfo;
import org.fractalis.api.service.JobState;
import org.fractalis.api.service.ServiceException;
import org.fractalis.core.internal.session.SessionRecord;
import org.fractalis.core.internal.session.Sessions;

/**
 * The per-session bound on jobs (loads and analyses) queued or running, so one session cannot fill the node's
 * queue: a request that would exceed it is refused with 429 before anything is created.
 */
public final class SessionQuotas {
    private final Sessions sessions;
    private final Jobs jobs;
    private final int maxJobs;

    public SessionQuotas(Sessions sessions, Jobs jobs, int maxJobs) {
        this.sessions = sessions;
        this.jobs = jobs;
        this.maxJobs = maxJobs;
    }

    public int maxJobs() {
        return maxJobs;
    }

    /** Jobs of the session that have not ended. */
    public int activeJobs(String sessionId) {
        SessionRecord s = sessions.get(sessionId);
        List<String> ids = new ArrayList<>(s.data());
        ids.addAll(s.analytics());
        int active = 0;
        for (String id : ids) {
            Optional<JobInfo> j = jobs.get(id);
            if (j.isPresent() && j.get().state() == JobState.SUBMITTED) {
                active++;
            }
        }
        return active;
    }

    /**
     * Refuses (429) when {@code more} new jobs would take the session beyond its bound.
     *
     * @throws ServiceException with reason TOO_MANY_REQUESTS
     */
    public void requireRoom(String sessionId, int more) {
        if (more > maxJobs) {
            throw ServiceException.tooManyRequests("This request would start " + more + " jobs; a session may have "
                    + "at most " + maxJobs + " loads and analyses queued or running. Please send fewer at a time.");
        }
        int active = activeJobs(sessionId);
        if (active + more > maxJobs) {
            throw ServiceException.tooManyRequests("This session has " + active + " loads and analyses queued or "
                    + "running; at most " + maxJobs + " are allowed at a time. Please wait until some have finished.");
        }
    }
}
