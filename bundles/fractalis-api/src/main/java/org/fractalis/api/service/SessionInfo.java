package org.fractalis.api.service;

import java.util.List;

/**
 * A session as the shell lists it.
 *
 * @param id the session id (cookie value)
 * @param dataTasks data task ids
 * @param analyticTasks analytic task ids
 * @param states saved-state ids this session was granted
 * @param createdAt epoch ms of its first write, 0 if unknown (sessions stored before 1.3) (since 1.3)
 * @param expiresAt epoch ms when it expires unless it changes again, 0 if unknown (since 1.3)
 * @param labels the labels of its data, in the order of {@code dataTasks} (expired data left out) (since 1.3)
 */
public record SessionInfo(String id, List<String> dataTasks, List<String> analyticTasks, List<String> states,
        long createdAt, long expiresAt, List<String> labels) {

    public SessionInfo {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** A session without times and labels (as before 1.3). */
    public SessionInfo(String id, List<String> dataTasks, List<String> analyticTasks, List<String> states) {
        this(id, dataTasks, analyticTasks, states, 0, 0, List.of());
    }
}
