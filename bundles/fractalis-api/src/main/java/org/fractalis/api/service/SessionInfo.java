package org.fractalis.api.service;

import java.util.List;

/**
 * A session as the shell lists it.
 *
 * @param id the session id (cookie value)
 * @param dataTasks data task ids
 * @param analyticTasks analytic task ids
 * @param states saved-state ids this session was granted
 */
public record SessionInfo(String id, List<String> dataTasks, List<String> analyticTasks, List<String> states) {
}
