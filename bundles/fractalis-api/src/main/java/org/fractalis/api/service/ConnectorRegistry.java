package org.fractalis.api.service;

import java.util.Optional;
import java.util.SortedSet;

import org.fractalis.api.connector.Connector;
import org.osgi.annotation.versioning.ProviderType;

/** The connectors registered right now, by handler name (best {@code service.ranking} wins). */
@ProviderType
public interface ConnectorRegistry {

    /** Look a connector up for each use; never keep it. */
    Optional<Connector> find(String handler);

    SortedSet<String> handlers();

    /** Called (outside any lock) whenever a connector comes or goes. */
    void addListener(Runnable onChange);

    void removeListener(Runnable onChange);
}
