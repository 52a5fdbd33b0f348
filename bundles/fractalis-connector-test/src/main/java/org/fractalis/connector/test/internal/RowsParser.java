package org.fractalis.connector.test.internal;

import java.util.List;
import java.util.Map;

import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;

/**
 * Turns the {@code rows} of a descriptor into a frame, unchanged and in order. Integrity (unique ids, one
 * feature) is left to core, which checks every connector's result the same way.
 */
final class RowsParser {
    private RowsParser() {
    }

    static Frame parse(DataKind kind, List<?> rows) throws ConnectorException {
        Frame.Builder b = Frame.builder(kind);
        int i = 0;
        for (Object o : rows) {
            if ((i & 0xFFFF) == 0 && Thread.currentThread().isInterrupted()) {
                throw new ConnectorException(ConnectorException.Phase.TRANSFORM, "Loading was cancelled.");
            }
            if (!(o instanceof Map<?, ?> row)) {
                throw error(i, "is not an object with 'id', 'feature' and 'value'.");
            }
            String id = key(row, "id", i);
            String feature = key(row, "feature", i);
            if (!row.containsKey("value")) {
                throw error(i, kind.isNumeric() ? "has no 'value' (use null for a missing number)." : "has no 'value'.");
            }
            Object v = row.get("value");
            if (kind.isNumeric()) {
                if (v == null) {
                    b.add(id, feature, Double.NaN);
                } else if (v instanceof Number n) {
                    b.add(id, feature, n.doubleValue());
                } else {
                    throw error(i, "has a 'value' that is not a number: " + describe(v) + ". " + kind.wireName()
                            + " data need numbers (null = missing).");
                }
            } else {
                if (!Scalars.isScalar(v)) {
                    throw error(i, "has a 'value' that is not a string: " + describe(v)
                            + ". Categorical data need strings (leave a missing category out).");
                }
                b.add(id, feature, Scalars.text(v));
            }
            i++;
        }
        return b.build();
    }

    private static String key(Map<?, ?> row, String key, int i) throws ConnectorException {
        Object v = row.get(key);
        if (v == null) {
            throw error(i, "has no '" + key + "'.");
        }
        if (v instanceof Boolean || !Scalars.isScalar(v)) {
            throw error(i, "has a non-string '" + key + "': " + describe(v) + ".");
        }
        return Scalars.text(v);
    }

    private static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return "\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "a list";
        }
        return String.valueOf(v);
    }

    private static ConnectorException error(int i, String what) {
        return new ConnectorException(ConnectorException.Phase.TRANSFORM, "Row " + i + " " + what);
    }
}
