package org.fractalis.core.internal.registry;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * A service reference with given properties, ordered like the framework's: higher {@code service.ranking} first,
 * then lower {@code service.id}. {@code compareTo} returns a positive number when this reference ranks higher.
 */
final class FakeServiceReference<T> implements ServiceReference<T> {
    private final Hashtable<String, Object> props = new Hashtable<>();

    FakeServiceReference(long id, int ranking, Map<String, Object> properties) {
        props.putAll(properties);
        props.put(Constants.SERVICE_ID, id);
        props.put(Constants.SERVICE_RANKING, ranking);
    }

    static <T> FakeServiceReference<T> of(long id, int ranking, String key, Object value) {
        return new FakeServiceReference<>(id, ranking, value == null ? Map.of() : Map.of(key, value));
    }

    long id() {
        return (Long) props.get(Constants.SERVICE_ID);
    }

    int ranking() {
        return (Integer) props.get(Constants.SERVICE_RANKING);
    }

    @Override
    public Object getProperty(String key) {
        return props.get(key);
    }

    @Override
    public String[] getPropertyKeys() {
        return props.keySet().toArray(String[]::new);
    }

    @Override
    public Bundle getBundle() {
        return null;
    }

    @Override
    public Bundle[] getUsingBundles() {
        return null;
    }

    @Override
    public boolean isAssignableTo(Bundle bundle, String className) {
        return true;
    }

    @Override
    public int compareTo(Object reference) {
        FakeServiceReference<?> other = (FakeServiceReference<?>) reference;
        if (ranking() != other.ranking()) {
            return Integer.compare(ranking(), other.ranking());
        }
        return Long.compare(other.id(), id());
    }

    @Override
    public Dictionary<String, Object> getProperties() {
        return new Hashtable<>(props);
    }

    @Override
    public <A> A adapt(Class<A> type) {
        return null;
    }

    @Override
    public String toString() {
        return "FakeServiceReference[id=" + id() + ", ranking=" + ranking() + "]";
    }
}
