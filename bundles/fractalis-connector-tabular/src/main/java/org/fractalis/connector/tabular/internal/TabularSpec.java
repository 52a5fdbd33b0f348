package org.fractalis.connector.tabular.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.data.DataKind;

/**
 * A validated {@code tabular} descriptor: where the table is, how it is laid out, and which part to load.
 *
 * @param url an http(s) URL, or null
 * @param file a path (absolute, or relative to an allowed directory), or null
 * @param delimiter the field delimiter, or null to detect it from the header line
 * @param layout how ids, features and values are arranged
 * @param declaredKind {@code data_type}, or null to infer it
 * @param idColumn the id column (wide: default the first column; long: default {@code id})
 * @param column wide: the one column to load as a variable, or null
 * @param columns wide: the columns of an array (null: all but the id column)
 * @param featureColumn long: the feature column
 * @param valueColumn long: the value column
 * @param feature long: the one feature to load, or null
 * @param features long/matrix arrays: the features to keep (null: all)
 * @param missing cell texts that mean "missing"
 * @param label the label, or null for the default
 */
record TabularSpec(String url, String file, Character delimiter, Layout layout, DataKind declaredKind,
        String idColumn, String column, List<String> columns, String featureColumn, String valueColumn,
        String feature, List<String> features, Set<String> missing, String label) {

    /** How a table holds the data. */
    enum Layout {
        /** One row per id; one column per feature. */
        WIDE,
        /** One row per (id, feature, value). */
        LONG,
        /** One row per feature; one column per id (expression matrices). */
        MATRIX
    }

    static final Set<String> DEFAULT_MISSING = Set.of("", "NA", "N/A", "NaN", "nan", "null", "NULL");

    static TabularSpec parse(Map<String, Object> d) throws ConnectorException {
        if (d == null) {
            throw new ConnectorException("The descriptor must be an object.");
        }
        String url = string(d, "url");
        String file = string(d, "file");
        if ((url == null) == (file == null)) {
            throw new ConnectorException("The descriptor needs either 'url' (an http(s) URL) or 'file' (a path in a "
                    + "directory the server allows), not " + (url == null ? "neither." : "both."));
        }
        Character delimiter = delimiter(d);
        Layout layout = layout(string(d, "layout"));
        DataKind declared = null;
        String type = string(d, "data_type");
        if (type != null) {
            declared = DataKind.fromWireName(type).orElseThrow(() -> new ConnectorException("Unknown data_type '"
                    + type + "': use 'categorical', 'numerical' or 'numerical_array', or leave it out to infer it."));
        }
        String column = string(d, "column");
        List<String> columns = strings(d, "columns");
        String feature = string(d, "feature");
        List<String> features = strings(d, "features");
        String idColumn = string(d, "id_column");
        switch (layout) {
            case WIDE -> {
                if (column != null && columns != null) {
                    throw new ConnectorException("Give either 'column' (one variable) or 'columns' (an array), not both.");
                }
                if (column != null && declared == DataKind.NUMERICAL_ARRAY) {
                    throw new ConnectorException("One 'column' is categorical or numerical data; for an array give "
                            + "'columns' (or neither, for all columns).");
                }
                if (column == null && declared != null && declared != DataKind.NUMERICAL_ARRAY) {
                    throw new ConnectorException("A wide table loads " + declared.wireName() + " data from one "
                            + "'column'; name it.");
                }
                reject(d, layout, "feature", "features", "feature_column", "value_column");
            }
            case LONG -> {
                if (feature != null && declared == DataKind.NUMERICAL_ARRAY) {
                    throw new ConnectorException("'feature' selects one variable; for an array leave it out (or give "
                            + "'features').");
                }
                if (features != null && declared != null && declared != DataKind.NUMERICAL_ARRAY) {
                    throw new ConnectorException("'features' selects the features of an array; for one variable use "
                            + "'feature'.");
                }
                if (idColumn == null) {
                    idColumn = "id";
                }
                reject(d, layout, "column", "columns");
            }
            case MATRIX -> {
                if (declared != null && declared != DataKind.NUMERICAL_ARRAY) {
                    throw new ConnectorException("A matrix (one row per feature, one column per id) is "
                            + "numerical_array data.");
                }
                reject(d, layout, "column", "columns", "feature", "id_column", "feature_column", "value_column");
            }
        }
        String featureColumn = layout == Layout.LONG ? orDefault(string(d, "feature_column"), "feature") : null;
        String valueColumn = layout == Layout.LONG ? orDefault(string(d, "value_column"), "value") : null;
        Set<String> missing = DEFAULT_MISSING;
        if (d.get("missing") != null) {
            List<String> m = strings(d, "missing");
            missing = m == null ? Set.of() : Set.copyOf(new LinkedHashSet<>(m));
        }
        Object label = d.get("label");
        if (label != null && !(label instanceof String)) {
            throw new ConnectorException("'label' must be a string.");
        }
        return new TabularSpec(url, file, delimiter, layout, declared, idColumn, column, columns, featureColumn,
                valueColumn, feature, features, missing, label == null || ((String) label).isBlank() ? null : (String) label);
    }

    /** The kind that follows from the layout alone, or null when the values decide. */
    DataKind structuralKind() {
        if (declaredKind != null) {
            return declaredKind;
        }
        return switch (layout) {
            case MATRIX -> DataKind.NUMERICAL_ARRAY;
            case WIDE -> column == null ? DataKind.NUMERICAL_ARRAY : null;
            case LONG -> features != null ? DataKind.NUMERICAL_ARRAY : null;
        };
    }

    /** The label: as given, or {@code "<variable> (<file name>)"}, or the file name for arrays. */
    String displayLabel() {
        if (label != null) {
            return label;
        }
        String name = sourceName();
        String variable = column != null ? column : feature;
        return variable == null ? name : variable + " (" + name + ")";
    }

    /** The last segment of the URL path or the file name. */
    String sourceName() {
        String s = url != null ? url : file;
        int q = s.indexOf('?');
        if (url != null && q >= 0) {
            s = s.substring(0, q);
        }
        s = s.replace('\\', '/');
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        int slash = s.lastIndexOf('/');
        return slash >= 0 ? s.substring(slash + 1) : s;
    }

    private static Layout layout(String s) throws ConnectorException {
        if (s == null) {
            return Layout.WIDE;
        }
        try {
            return Layout.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConnectorException("Unknown layout '" + s + "': use 'wide' (one row per id), 'long' (id, feature, "
                    + "value rows) or 'matrix' (one row per feature).");
        }
    }

    private static Character delimiter(Map<String, Object> d) throws ConnectorException {
        String delim = string(d, "delimiter");
        String format = string(d, "format");
        if (delim != null) {
            String t = delim.equals("\\t") ? "\t" : delim;
            if (t.length() != 1 || t.equals("\"") || t.equals("\n") || t.equals("\r")) {
                throw new ConnectorException("'delimiter' must be one character (e.g. \",\", \";\" or \"\\t\").");
            }
            return t.charAt(0);
        }
        if (format == null) {
            return null;
        }
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "csv" -> ',';
            case "tsv" -> '\t';
            default -> throw new ConnectorException("Unknown format '" + format + "': use 'csv' or 'tsv' (or leave it "
                    + "out to detect the delimiter).");
        };
    }

    private static void reject(Map<String, Object> d, Layout layout, String... keys) throws ConnectorException {
        for (String k : keys) {
            if (d.containsKey(k)) {
                throw new ConnectorException("'" + k + "' does not apply to the " + layout.name().toLowerCase(Locale.ROOT)
                        + " layout.");
            }
        }
    }

    private static String orDefault(String s, String def) {
        return s == null ? def : s;
    }

    private static String string(Map<String, Object> d, String key) throws ConnectorException {
        Object v = d.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw new ConnectorException("'" + key + "' must be a string.");
        }
        return s.isEmpty() ? null : s;
    }

    private static List<String> strings(Map<String, Object> d, String key) throws ConnectorException {
        Object v = d.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> l)) {
            throw new ConnectorException("'" + key + "' must be a list of strings.");
        }
        List<String> out = new ArrayList<>(l.size());
        for (Object o : l) {
            if (!(o instanceof String s)) {
                throw new ConnectorException("'" + key + "' must be a list of strings.");
            }
            out.add(s);
        }
        return List.copyOf(out);
    }
}
