package org.fractalis.connector.ada.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.data.DataKind;

/**
 * A validated {@code ada} descriptor: the data set and the field's dictionary entry as ADA's page sends it.
 *
 * @param dataSet the ADA data set id, e.g. {@code ppmi.clinical_visit}
 * @param name the field name
 * @param projection the Mongo projection that selects the field (usually the name)
 * @param label the field's display label (the name when the dictionary has none)
 * @param fieldType ADA's field type, e.g. {@code Enum}
 * @param array whether the field holds arrays
 * @param numValues the enum's value map (raw value text to label), empty when none
 * @param kind the data kind that follows from type and array flag
 */
record AdaField(String dataSet, String name, String projection, String label, String fieldType, boolean array,
        Map<String, String> numValues, DataKind kind) {

    static final List<String> SCALAR_TYPES = List.of("Boolean", "String", "Enum", "Integer", "Double", "Date");

    static AdaField parse(Map<String, Object> d) throws ConnectorException {
        if (d == null) {
            throw new ConnectorException("The descriptor must be an object.");
        }
        String dataSet = text(d.get("data_set"));
        if (dataSet == null) {
            throw new ConnectorException("The descriptor needs 'data_set' (the ADA data set, e.g. \"ppmi.clinical_visit\").");
        }
        if (!(d.get("dictionary") instanceof Map<?, ?> dict)) {
            throw new ConnectorException("The descriptor needs a 'dictionary' object (the field's ADA metadata).");
        }
        String name = text(dict.get("name"));
        String projection = text(dict.get("projection"));
        if (projection == null) {
            projection = name;
        }
        if (projection == null) {
            throw new ConnectorException("'dictionary' needs 'projection' or 'name' (the field to load).");
        }
        if (name == null) {
            name = projection;
        }
        String label = text(dict.get("label"));
        if (label == null) {
            label = name;
        }
        Object ft = dict.get("fieldType");
        if (!(ft instanceof String fieldType) || fieldType.isEmpty()) {
            throw new ConnectorException("'dictionary' needs 'fieldType' (one of " + String.join(", ", SCALAR_TYPES) + ").");
        }
        Object arr = dict.get("isArray");
        if (arr != null && !(arr instanceof Boolean)) {
            throw new ConnectorException("'dictionary.isArray' must be true or false.");
        }
        boolean array = Boolean.TRUE.equals(arr);
        DataKind kind = kindOf(fieldType, array);
        return new AdaField(dataSet, name, projection, label, fieldType, array, numValues(dict.get("numValues")), kind);
    }

    /** The kind for ADA's field type (case-sensitive, as in the original). */
    static DataKind kindOf(String fieldType, boolean array) throws ConnectorException {
        if (array) {
            if (fieldType.equals("Double")) {
                return DataKind.NUMERICAL_ARRAY;
            }
            throw new ConnectorException("ADA array fields of type '" + fieldType
                    + "' cannot be loaded; only Double arrays can (as numerical_array).");
        }
        switch (fieldType) {
            case "Boolean", "String", "Enum":
                return DataKind.CATEGORICAL;
            case "Integer", "Double", "Date":
                return DataKind.NUMERICAL;
            default:
                throw new ConnectorException("ADA fields of type '" + fieldType + "' cannot be loaded; supported types are "
                        + String.join(", ", SCALAR_TYPES) + " and Double arrays.");
        }
    }

    /** The data box label, as in the original: {@code "<dictionary label> (<data set>)"}. */
    String displayLabel() {
        return label + " (" + dataSet + ")";
    }

    private static Map<String, String> numValues(Object o) throws ConnectorException {
        if (o == null) {
            return Map.of();
        }
        if (!(o instanceof Map<?, ?> m)) {
            throw new ConnectorException("'dictionary.numValues' must be an object (enum value -> label).");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Object v = e.getValue();
            if (!(v instanceof String) && !(v instanceof Number) && !(v instanceof Boolean)) {
                throw new ConnectorException("'dictionary.numValues' must map each value to a label (a string).");
            }
            out.put(String.valueOf(e.getKey()), Values.text(v));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private static String text(Object o) {
        return o instanceof String s && !s.isEmpty() ? s : null;
    }
}
