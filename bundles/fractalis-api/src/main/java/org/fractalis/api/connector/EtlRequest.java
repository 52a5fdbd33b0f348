package org.fractalis.api.connector;

import java.util.Map;

/**
 * What a connector needs to load one variable.
 *
 * @param taskId the data task id (a UUID string)
 * @param server the data source URL, without a trailing slash
 * @param token the token (from the auth object or from {@link Connector#login}); never log it
 * @param descriptor the descriptor as posted
 */
public record EtlRequest(String taskId, String server, String token, Map<String, Object> descriptor) {
    @Override
    public String toString() {
        return "EtlRequest[taskId=" + taskId + ", server=" + server + ", descriptor=" + descriptor + "]";
    }
}
