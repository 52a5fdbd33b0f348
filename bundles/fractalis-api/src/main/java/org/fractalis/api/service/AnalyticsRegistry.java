package org.fractalis.api.service;

import java.util.Optional;
import java.util.SortedSet;

import org.fractalis.api.analytics.AnalyticsTask;
import org.osgi.annotation.versioning.ProviderType;

/** The analytics tasks registered right now, by task name (best {@code service.ranking} wins). */
@ProviderType
public interface AnalyticsRegistry {

    /** Look a task up for each use; never keep it. */
    Optional<AnalyticsTask> find(String name);

    SortedSet<String> names();

    /** Called (outside any lock) whenever a task comes or goes. */
    void addListener(Runnable onChange);

    void removeListener(Runnable onChange);
}
