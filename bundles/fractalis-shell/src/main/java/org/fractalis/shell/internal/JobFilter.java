package org.fractalis.shell.internal;

import java.util.Locale;

import org.fractalis.api.service.JobInfo;
import org.fractalis.api.service.JobState;

/**
 * The filters of {@code fractalis:job-list}. A state is a {@link JobState} or {@code queued} / {@code running}
 * (a SUBMITTED job a worker has not / has started); a session is a whole id or a prefix (as the list shows it).
 */
final class JobFilter {
    static final String[] STATES = {"queued", "running", "submitted", "success", "failure", "revoked"};

    private final String state;
    private final String plugin;
    private final String session;

    JobFilter(String state, String plugin, String session) {
        this.state = blank(state) ? null : state.trim().toLowerCase(Locale.ROOT);
        this.plugin = blank(plugin) ? null : plugin.trim();
        this.session = blank(session) ? null : session.trim();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Null if the filters are usable, else what is wrong with them. */
    String problem() {
        if (state != null && !java.util.Arrays.asList(STATES).contains(state)) {
            return "Unknown state '" + state + "'; use one of " + String.join(", ", STATES) + ".";
        }
        return null;
    }

    boolean matches(JobInfo j) {
        if (plugin != null && !plugin.equals(j.plugin())) {
            return false;
        }
        if (session != null && (j.sessionId() == null || !j.sessionId().startsWith(session))) {
            return false;
        }
        return state == null || state.equals(phase(j).toLowerCase(Locale.ROOT))
                || state.equals(j.state().name().toLowerCase(Locale.ROOT));
    }

    /** QUEUED or RUNNING for a SUBMITTED job, else its final state. */
    static String phase(JobInfo j) {
        if (j.state() == JobState.SUBMITTED) {
            return j.startedAt() > 0 ? "RUNNING" : "QUEUED";
        }
        return j.state().name();
    }

    /** How long it ran (until now while running), -1 if it never started. */
    static long runTime(JobInfo j, long now) {
        if (j.startedAt() <= 0) {
            return -1;
        }
        long end = j.finishedAt() > 0 ? j.finishedAt() : now;
        return Math.max(0, end - j.startedAt());
    }
}
