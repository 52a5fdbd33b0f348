package org.fractalis.core.internal.session;

import java.util.Optional;

import org.fractalis.api.service.SessionInfo;
import org.fractalis.core.internal.data.DataTasks;
import org.fractalis.core.internal.job.Jobs;

/**
 * An operator's removal of a whole session: its ETLs and analyses are cancelled, its data, job states and results
 * removed, then the session record (its browser starts afresh with a new cookie). Saved states are shared (any
 * session may restore one by id), so they stay.
 */
public final class SessionPurge {
    private final Sessions sessions;
    private final DataTasks data;
    private final Jobs jobs;

    public SessionPurge(Sessions sessions, DataTasks data, Jobs jobs) {
        this.sessions = sessions;
        this.data = data;
        this.jobs = jobs;
    }

    /** What the session held just before, or empty if no live session has this id. */
    public Optional<SessionInfo> purge(String sessionId) {
        Optional<SessionRecord> rec = sessions.find(sessionId);
        if (rec.isEmpty()) {
            return Optional.empty();
        }
        SessionInfo before = sessions.info(sessionId, rec.get(), data::label);
        data.deleteAll(sessionId);
        for (String id : sessions.get(sessionId).analytics()) {
            jobs.cancel(id);
            jobs.delete(id);
        }
        sessions.delete(sessionId);
        return Optional.of(before);
    }

    /** The session as the shell shows it, or empty. */
    public Optional<SessionInfo> info(String sessionId) {
        return sessions.find(sessionId).map(r -> sessions.info(sessionId, r, data::label));
    }
}
