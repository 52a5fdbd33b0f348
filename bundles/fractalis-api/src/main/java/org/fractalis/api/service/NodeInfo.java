package org.fractalis.api.service;

import java.util.Map;
import java.util.Set;

/**
 * A live node.
 *
 * @param id the node id (stable for the node's lifetime)
 * @param host host name and HTTP port, for operators
 * @param roles {@code web}, {@code worker}
 * @param capabilities what its workers run ({@code etl:<handler>}, {@code analytics:<task>})
 * @param heartbeat epoch ms of its last heartbeat
 * @param versions bundle version of each Fractalis bundle it runs (core, connectors, analytics), by symbolic name;
 *     empty for nodes of versions before 1.3 (since 1.3)
 * @param plugins for each capability ({@code etl:<handler>}, {@code analytics:<task>}) the bundle that provides it
 *     on this node and its version, as {@code "<symbolic name> <version>"}; empty for nodes of versions before 1.5
 *     (since 1.5)
 */
public record NodeInfo(String id, String host, Set<String> roles, Set<String> capabilities, long heartbeat,
        Map<String, String> versions, Map<String, String> plugins) {

    public NodeInfo {
        versions = versions == null ? Map.of() : Map.copyOf(versions);
        plugins = plugins == null ? Map.of() : Map.copyOf(plugins);
    }

    /** A node record without plugin versions (as before 1.5). */
    public NodeInfo(String id, String host, Set<String> roles, Set<String> capabilities, long heartbeat,
            Map<String, String> versions) {
        this(id, host, roles, capabilities, heartbeat, versions, Map.of());
    }

    /** A node record without versions (as before 1.3). */
    public NodeInfo(String id, String host, Set<String> roles, Set<String> capabilities, long heartbeat) {
        this(id, host, roles, capabilities, heartbeat, Map.of(), Map.of());
    }
}
