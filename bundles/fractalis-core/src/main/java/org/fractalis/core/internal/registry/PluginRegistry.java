package org.fractalis.core.internal.registry;

import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.ServiceReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugins of one type keyed by a service property; the best-ranked service wins a name. Listeners are
 * called outside the lock. Shared by the connector and the analytics registries.
 */
final class PluginRegistry<T> {
    private final Logger logger = LoggerFactory.getLogger(PluginRegistry.class);
    private final String property;
    private final Map<String, TreeMap<ServiceReference<T>, T>> byName = new TreeMap<>();
    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();

    PluginRegistry(String property) {
        this.property = property;
    }

    void add(T plugin, ServiceReference<T> ref) {
        Object name = ref.getProperty(property);
        if (!(name instanceof String n) || n.isBlank()) {
            logger.warn("Ignoring plugin {}: no {} property", ref, property);
            return;
        }
        synchronized (this) {
            // reverse natural order of ServiceReference: highest ranking (then lowest id) first
            byName.computeIfAbsent(n, k -> new TreeMap<>((a, b) -> b.compareTo(a))).put(ref, plugin);
        }
        logger.info("Plugin '{}' available ({})", n, property);
        fire();
    }

    void remove(T plugin, ServiceReference<T> ref) {
        Object name = ref.getProperty(property);
        if (!(name instanceof String n)) {
            return;
        }
        synchronized (this) {
            TreeMap<ServiceReference<T>, T> m = byName.get(n);
            if (m != null) {
                m.remove(ref);
                if (m.isEmpty()) {
                    byName.remove(n);
                }
            }
        }
        logger.info("Plugin '{}' gone ({})", n, property);
        fire();
    }

    synchronized Optional<T> find(String name) {
        TreeMap<ServiceReference<T>, T> m = byName.get(name);
        return m == null || m.isEmpty() ? Optional.empty() : Optional.of(m.firstEntry().getValue());
    }

    synchronized SortedSet<String> names() {
        return new TreeSet<>(byName.keySet());
    }

    void addListener(Runnable r) {
        listeners.add(r);
    }

    void removeListener(Runnable r) {
        listeners.remove(r);
    }

    private void fire() {
        for (Runnable r : listeners) {
            try {
                r.run();
            } catch (RuntimeException e) {
                logger.error("Plugin listener failed", e);
            }
        }
    }
}
