package org.fractalis.health.internal;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.fractalis.api.backend.StateStore;

/**
 * The store or queue a check probes, bound dynamically (the check stays registered and says CRITICAL while none is
 * there), with its backend name for messages.
 */
final class Backend<S> {
    record Bound<S>(S service, String name) {
    }

    private final AtomicReference<Bound<S>> current = new AtomicReference<>();

    void bind(S service, Map<String, ?> properties) {
        Object name = properties == null ? null : properties.get(StateStore.BACKEND);
        current.set(new Bound<>(service, name == null ? "unnamed" : name.toString()));
    }

    void unbind(S service) {
        current.updateAndGet(b -> b != null && b.service() == service ? null : b);
    }

    Bound<S> get() {
        return current.get();
    }

    /** The message of an exception, never empty. */
    static String reason(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
