package org.fractalis.api.service;

import java.util.List;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Which nodes are alive and what they offer. Every node writes a heartbeat record to the state store; a web
 * node uses this to tell an unknown handler or task (400) from one that a worker elsewhere runs.
 *
 * <p>Capabilities are {@code etl:<handler>} and {@code analytics:<task>}.
 */
@ProviderType
public interface ClusterDirectory {

    /** Announces (or replaces) what this node offers in a role ({@code web}, {@code worker}). */
    void announce(String role, Set<String> capabilities);

    /** Withdraws a role of this node. */
    void withdraw(String role);

    /** Nodes whose heartbeat is recent, this one included. */
    List<NodeInfo> nodes();

    /** Whether some live node offers the capability (answers from a cache refreshed every few seconds). */
    boolean offered(String capability);

    /**
     * Whether a node that offered the capability vanished recently (it stopped, died, or its heartbeat was lost
     * with the store's data) while no live node offers it: "no worker for it right now" (503) rather than "unknown"
     * (400). A capability a live node withdrew on purpose (its bundle was removed) is not recent.
     */
    default boolean offeredRecently(String capability) {
        return false;
    }

    /** The capability string of a connector handler. */
    static String etl(String handler) {
        return "etl:" + handler;
    }

    /** The capability string of an analytics task. */
    static String analytics(String task) {
        return "analytics:" + task;
    }
}
