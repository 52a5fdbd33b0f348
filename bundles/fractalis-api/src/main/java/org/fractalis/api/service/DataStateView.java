package org.fractalis.api.service;

/**
 * One item of {@code GET /data}.
 *
 * @param taskId the data task id
 * @param label the label shown in the data box
 * @param dataType the wire name of the kind
 * @param etlState SUBMITTED, SUCCESS, FAILURE (or REVOKED, which the client hides)
 * @param etlMessage the failure message, else null
 */
public record DataStateView(String taskId, String label, String dataType, JobState etlState, String etlMessage) {
}
