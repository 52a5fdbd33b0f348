package org.fractalis.api.service;

/**
 * {@code GET /analytics/{id}}.
 *
 * @param state the state
 * @param result SUCCESS: the result as JSON text; FAILURE: the message; otherwise null
 */
public record TaskStatus(JobState state, String result) {
}
