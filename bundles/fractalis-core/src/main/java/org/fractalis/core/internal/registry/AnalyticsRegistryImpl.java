package org.fractalis.core.internal.registry;

import java.util.Optional;
import java.util.SortedSet;

import org.fractalis.api.analytics.AnalyticsTask;
import org.fractalis.api.service.AnalyticsRegistry;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** Tracks {@link AnalyticsTask} services by {@link AnalyticsTask#NAME}; bundles may come and go. */
@Component(service = AnalyticsRegistry.class, immediate = true)
public final class AnalyticsRegistryImpl implements AnalyticsRegistry {
    private final PluginRegistry<AnalyticsTask> plugins = new PluginRegistry<>(AnalyticsTask.NAME);

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTask(AnalyticsTask t, ServiceReference<AnalyticsTask> ref) {
        plugins.add(t, ref);
    }

    void removeTask(AnalyticsTask t, ServiceReference<AnalyticsTask> ref) {
        plugins.remove(t, ref);
    }

    @Override
    public Optional<AnalyticsTask> find(String name) {
        return plugins.find(name);
    }

    @Override
    public SortedSet<String> names() {
        return plugins.names();
    }

    @Override
    public void addListener(Runnable onChange) {
        plugins.addListener(onChange);
    }

    @Override
    public void removeListener(Runnable onChange) {
        plugins.removeListener(onChange);
    }
}
