package org.fractalis.core.internal.registry;

import java.util.Optional;
import java.util.SortedSet;

import org.fractalis.api.connector.Connector;
import org.fractalis.api.service.ConnectorRegistry;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** Tracks {@link Connector} services by {@link Connector#HANDLER}; bundles may come and go. */
@Component(service = ConnectorRegistry.class, immediate = true)
public final class ConnectorRegistryImpl implements ConnectorRegistry {
    private final PluginRegistry<Connector> plugins = new PluginRegistry<>(Connector.HANDLER);

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addConnector(Connector c, ServiceReference<Connector> ref) {
        plugins.add(c, ref);
    }

    void removeConnector(Connector c, ServiceReference<Connector> ref) {
        plugins.remove(c, ref);
    }

    @Override
    public Optional<Connector> find(String handler) {
        return plugins.find(handler);
    }

    @Override
    public SortedSet<String> handlers() {
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
