package org.fractalis.api.service;

import java.util.Set;

/**
 * A live node.
 *
 * @param id the node id (stable for the node's lifetime)
 * @param host host name and HTTP port, for operators
 * @param roles {@code web}, {@code worker}
 * @param capabilities what its workers run ({@code etl:<handler>}, {@code analytics:<task>})
 * @param heartbeat epoch ms of its last heartbeat
 */
public record NodeInfo(String id, String host, Set<String> roles, Set<String> capabilities, long heartbeat) {
}
