package org.fractalis.api.config;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Map;

/**
 * A component property type (the {@code Config} annotation of a component) built from a map, with the defaults the
 * annotation declares, as Declarative Services does: {@code cookie_samesite()} reads {@code cookie.samesite}. For
 * unit tests and for code that holds a raw map; the defaults stay written once, in the annotation.
 */
public final class TypedConfig {
    private TypedConfig() {
    }

    public static <A> A of(Class<A> type, Map<String, ?> values) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (p, m, args) -> {
            switch (m.getName()) {
                case "toString":
                    return type.getSimpleName() + values;
                case "hashCode":
                    return System.identityHashCode(p);
                case "equals":
                    return p == args[0];
                case "annotationType":
                    return type;
                default:
                    return value(m, values.get(key(m)));
            }
        });
        return type.cast(proxy);
    }

    /** {@code max_body_megabytes} → {@code max.body.megabytes} (DS's rule for the common cases). */
    public static String key(Method m) {
        return m.getName().replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
    }

    private static Object value(Method m, Object raw) {
        if (raw == null) {
            return m.getDefaultValue();
        }
        Class<?> t = m.getReturnType();
        String s = raw.getClass().isArray() ? null : raw.toString().trim();
        if (t == String.class) {
            return raw.toString();
        }
        if (t == String[].class) {
            return raw instanceof String[] a ? a : Arrays.stream(s.split(",")).map(String::trim).toArray(String[]::new);
        }
        if (s == null || s.isEmpty()) {
            return m.getDefaultValue();
        }
        if (t == boolean.class) {
            return Boolean.parseBoolean(s);
        }
        if (t == int.class) {
            return Integer.parseInt(s);
        }
        if (t == long.class) {
            return Long.parseLong(s);
        }
        if (t == double.class) {
            return Double.parseDouble(s);
        }
        throw new IllegalArgumentException("unsupported property type " + t + " of " + m.getName());
    }
}
