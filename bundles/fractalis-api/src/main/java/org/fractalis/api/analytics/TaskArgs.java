package org.fractalis.api.analytics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.fractalis.api.data.Frame;

/**
 * The resolved arguments of a task: data references replaced by {@link Frame}s (a list of references
 * by a {@code List<Frame>}), everything else as posted. The typed getters fail with a ValueError that
 * names the argument, so tasks need no checks of their own for types.
 */
public final class TaskArgs {
    private final Map<String, Object> values;

    public TaskArgs(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** All arguments. */
    public Map<String, Object> asMap() {
        return values;
    }

    public boolean has(String name) {
        return values.containsKey(name) && values.get(name) != null;
    }

    /** The raw value, or null. */
    public Object get(String name) {
        return values.get(name);
    }

    /** A single data reference. */
    public Frame frame(String name) throws AnalyticsException {
        Object v = require(name);
        if (v instanceof Frame f) {
            return f;
        }
        throw AnalyticsException.valueError("Argument '" + name + "' must be a data reference.");
    }

    /**
     * A list of data references; an absent argument or an empty list is an empty list.
     */
    public List<Frame> frames(String name) throws AnalyticsException {
        Object v = values.get(name);
        if (v == null) {
            return List.of();
        }
        if (v instanceof Frame f) {
            return List.of(f);
        }
        if (v instanceof List<?> l) {
            List<Frame> out = new ArrayList<>(l.size());
            for (Object o : l) {
                if (!(o instanceof Frame f)) {
                    throw AnalyticsException.valueError("Argument '" + name + "' must be a list of data references.");
                }
                out.add(f);
            }
            return out;
        }
        throw AnalyticsException.valueError("Argument '" + name + "' must be a list of data references.");
    }

    public String string(String name) throws AnalyticsException {
        Object v = require(name);
        if (v instanceof String s) {
            return s;
        }
        throw AnalyticsException.valueError("Argument '" + name + "' must be a string.");
    }

    public Optional<String> optionalString(String name) throws AnalyticsException {
        return has(name) ? Optional.of(string(name)) : Optional.empty();
    }

    public double number(String name) throws AnalyticsException {
        Object v = require(name);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw AnalyticsException.valueError("Argument '" + name + "' must be a number.");
    }

    public int integer(String name) throws AnalyticsException {
        Object v = require(name);
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw AnalyticsException.valueError("Argument '" + name + "' must be an integer.");
    }

    public boolean bool(String name) throws AnalyticsException {
        Object v = require(name);
        if (v instanceof Boolean b) {
            return b;
        }
        throw AnalyticsException.valueError("Argument '" + name + "' must be true or false.");
    }

    /** A list of strings; absent means empty. Numbers are turned into their JSON text. */
    public List<String> strings(String name) throws AnalyticsException {
        Object v = values.get(name);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            throw AnalyticsException.valueError("Argument '" + name + "' must be a list.");
        }
        List<String> out = new ArrayList<>(l.size());
        for (Object o : l) {
            out.add(scalarText(name, o));
        }
        return out;
    }

    /** The {@code subsets} convention: a list of lists of sample ids; absent means empty. */
    public List<List<String>> subsets(String name) throws AnalyticsException {
        Object v = values.get(name);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            throw AnalyticsException.valueError("Argument '" + name + "' must be a list of lists of ids.");
        }
        List<List<String>> out = new ArrayList<>(l.size());
        for (Object o : l) {
            if (!(o instanceof List<?> inner)) {
                throw AnalyticsException.valueError("Argument '" + name + "' must be a list of lists of ids.");
            }
            List<String> ids = new ArrayList<>(inner.size());
            for (Object id : inner) {
                ids.add(scalarText(name, id));
            }
            out.add(ids);
        }
        return out;
    }

    /** A JSON object argument; absent means empty. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> object(String name) throws AnalyticsException {
        Object v = values.get(name);
        if (v == null) {
            return Map.of();
        }
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw AnalyticsException.valueError("Argument '" + name + "' must be an object.");
    }

    private Object require(String name) throws AnalyticsException {
        Object v = values.get(name);
        if (v == null) {
            throw AnalyticsException.valueError("Missing argument '" + name + "'.");
        }
        return v;
    }

    private static String scalarText(String name, Object o) throws AnalyticsException {
        if (o instanceof String s) {
            return s;
        }
        if (o instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString(n.longValue()) : n.toString();
        }
        if (o instanceof Boolean b) {
            return b.toString();
        }
        throw AnalyticsException.valueError("Argument '" + name + "' must hold ids (strings).");
    }
}
