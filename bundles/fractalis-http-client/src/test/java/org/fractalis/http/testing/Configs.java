package org.fractalis.http.testing;

import java.lang.annotation.Annotation;
import java.lang.reflect.Array;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Instances of DS configuration annotations ({@code @ObjectClassDefinition} types) for unit tests: every
 * member returns its default unless the map names its property ({@code read_timeout_seconds()} is
 * {@code read.timeout.seconds}). Values are converted like DS does for the common types.
 */
public final class Configs {
    private Configs() {
    }

    public static <A extends Annotation> A of(Class<A> type, Map<String, ?> props) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            String key = m.getName().replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
            if (m.getName().equals("annotationType")) {
                return type;
            }
            if (m.getName().equals("toString")) {
                return type.getSimpleName() + props;
            }
            if (m.getName().equals("hashCode")) {
                return System.identityHashCode(p);
            }
            if (m.getName().equals("equals")) {
                return p == args[0];
            }
            Object v = props.get(key);
            if (v == null) {
                return m.getDefaultValue();
            }
            return convert(v, m.getReturnType());
        });
        return type.cast(proxy);
    }

    private static Object convert(Object v, Class<?> t) {
        if (t.isInstance(v)) {
            return v;
        }
        if (t == double.class) {
            return v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString());
        }
        if (t == int.class) {
            return v instanceof Number n ? n.intValue() : Integer.parseInt(v.toString());
        }
        if (t == long.class) {
            return v instanceof Number n ? n.longValue() : Long.parseLong(v.toString());
        }
        if (t == boolean.class) {
            return v instanceof Boolean b ? b : Boolean.parseBoolean(v.toString());
        }
        if (t == String.class) {
            return v.toString();
        }
        if (t == String[].class) {
            if (v instanceof String s) {
                return new String[] {s};
            }
            if (v instanceof java.util.List<?> l) {
                return l.stream().map(Object::toString).toArray(String[]::new);
            }
        }
        if (t.isArray() && v.getClass().isArray()) {
            Object out = Array.newInstance(t.getComponentType(), Array.getLength(v));
            for (int i = 0; i < Array.getLength(v); i++) {
                Array.set(out, i, Array.get(v, i));
            }
            return out;
        }
        throw new IllegalArgumentException("cannot convert " + v + " to " + t);
    }
}
