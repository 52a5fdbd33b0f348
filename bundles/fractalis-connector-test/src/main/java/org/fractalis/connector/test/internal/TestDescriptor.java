package org.fractalis.connector.test.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.data.DataKind;

/**
 * A validated {@code test} descriptor: either explicit {@code rows} or the parameters of random data.
 *
 * @param kind the data kind ({@code data_type})
 * @param rows the rows as posted, or null for random data
 * @param numSamples random mode: number of ids
 * @param numFeatures random mode: number of features (numerical_array only, else 1)
 * @param values random mode: the categories to draw from (categorical only, else empty)
 * @param seed random mode: the seed, or null for fresh values on every run
 */
record TestDescriptor(DataKind kind, List<?> rows, int numSamples, int numFeatures, List<String> values, Long seed) {

    /*
     * Bounds of random data. A generated row (id, feature, double) costs about 100 bytes in a frame and as much
     * again while the result is written, so a million rows (~200 MB) is the most one request may create: four
     * concurrent loads of 50 million rows killed every worker (issue 10). The test connector serves tests and
     * demos, which use at most tens of thousands of rows.
     */
    /** Largest {@code num_samples}. */
    static final int MAX_SAMPLES = 1_000_000;
    /** Largest {@code num_features} (numerical_array). */
    static final int MAX_FEATURES = 100_000;
    /** Largest number of generated rows ({@code num_samples x num_features}) by default (random.max.values). */
    static final long MAX_RANDOM_ROWS = 1_000_000L;
    /** The most random.max.values may allow: one Java array of doubles. */
    static final long RANDOM_ROWS_CEILING = Integer.MAX_VALUE - 8;

    static final String KINDS = "'categorical', 'numerical' or 'numerical_array'";

    boolean hasRows() {
        return rows != null;
    }

    /** Validates a descriptor with the default bound on random data. */
    static TestDescriptor parse(Map<String, Object> d) throws ConnectorException {
        return parse(d, MAX_RANDOM_ROWS);
    }

    /** Validates a descriptor. Row contents are checked later, by {@link RowsParser}. */
    static TestDescriptor parse(Map<String, Object> d, long maxRandomRows) throws ConnectorException {
        if (d == null) {
            throw new ConnectorException("The descriptor must be an object.");
        }
        DataKind kind = kindOf(d.get("data_type"));
        Object rows = d.get("rows");
        if (rows != null) {
            if (!(rows instanceof List<?> l)) {
                throw new ConnectorException(ConnectorException.Phase.TRANSFORM,
                        "'rows' must be a list of {\"id\", \"feature\", \"value\"} objects.");
            }
            return new TestDescriptor(kind, l, 0, 0, List.of(), null);
        }
        int n = boundedInt(d, "num_samples", MAX_SAMPLES);
        int f = kind == DataKind.NUMERICAL_ARRAY ? boundedInt(d, "num_features", MAX_FEATURES) : 1;
        if ((long) n * f > maxRandomRows) {
            throw new ConnectorException("num_samples x num_features must not exceed " + maxRandomRows + ", not "
                    + (long) n * f + ".");
        }
        List<String> values = kind == DataKind.CATEGORICAL ? categories(d.get("values")) : List.of();
        Long seed = null;
        Object s = d.get("seed");
        if (s != null) {
            if (!(s instanceof Number num) || !isIntegral(num)) {
                throw new ConnectorException("'seed' must be an integer.");
            }
            seed = num.longValue();
        }
        return new TestDescriptor(kind, null, n, f, values, seed);
    }

    /**
     * The label: {@code label} when it is a non-blank string, else the {@code data_type} text (the original
     * used null, which the data box shows as an empty name).
     */
    static String label(Map<String, Object> d) throws ConnectorException {
        if (d == null) {
            throw new ConnectorException("The descriptor must be an object.");
        }
        Object label = d.get("label");
        if (label instanceof String s && !s.isBlank()) {
            return s;
        }
        if (label != null && !(label instanceof String)) {
            throw new ConnectorException("'label' must be a string.");
        }
        Object type = d.get("data_type");
        return type instanceof String t && !t.isBlank() ? t : "test";
    }

    private static DataKind kindOf(Object type) throws ConnectorException {
        if (type == null) {
            throw new ConnectorException("The descriptor needs a 'data_type': " + KINDS + ".");
        }
        if (type instanceof String s) {
            var kind = DataKind.fromWireName(s);
            if (kind.isPresent()) {
                return kind.get();
            }
        }
        throw new ConnectorException("Unsupported data_type '" + type + "': use " + KINDS + ".");
    }

    private static int boundedInt(Map<String, Object> d, String key, int max) throws ConnectorException {
        Object v = d.get(key);
        if (v == null) {
            throw new ConnectorException("Random data need '" + key + "' (or give explicit 'rows').");
        }
        if (!(v instanceof Number n) || !isIntegral(n) || n.doubleValue() < 0) {
            throw new ConnectorException("'" + key + "' must be a non-negative integer.");
        }
        if (n.doubleValue() > max) {
            throw new ConnectorException(key + " must be between 0 and " + max + ", not "
                    + new java.math.BigDecimal(n.toString()).toPlainString() + ".");
        }
        return n.intValue();
    }

    private static List<String> categories(Object v) throws ConnectorException {
        if (!(v instanceof List<?> l) || l.isEmpty()) {
            throw new ConnectorException("Random categorical data need 'values', a non-empty list of categories.");
        }
        List<String> out = new ArrayList<>(l.size());
        for (Object o : l) {
            if (!(o instanceof String) && !(o instanceof Number) && !(o instanceof Boolean)) {
                throw new ConnectorException("'values' must hold strings.");
            }
            out.add(Scalars.text(o));
        }
        return List.copyOf(out);
    }

    static boolean isIntegral(Number n) {
        double x = n.doubleValue();
        return !Double.isNaN(x) && !Double.isInfinite(x) && x == Math.rint(x);
    }
}
