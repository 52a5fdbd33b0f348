package org.fractalis.stats.limma;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A per-feature statistics table as the array analytics return it ({@code stats.to_dict(orient='list')}): named
 * columns in a fixed order, one of them the {@value #FEATURE} column of feature names, the others numbers
 * ({@code NaN} = missing). Immutable.
 */
public final class StatsTable {

    /** Name of the column holding the feature names. */
    public static final String FEATURE = "feature";

    private final List<String> columns;
    private final String[] features;
    private final Map<String, double[]> numbers;

    /**
     * @param columns  column names in output order, {@value #FEATURE} among them
     * @param features the feature names, one per row
     * @param numbers  the numeric columns by name, each with one value per row (not copied)
     */
    public StatsTable(List<String> columns, String[] features, Map<String, double[]> numbers) {
        if (!columns.contains(FEATURE)) {
            throw new IllegalArgumentException("no feature column");
        }
        for (String c : columns) {
            if (!c.equals(FEATURE) && (numbers.get(c) == null || numbers.get(c).length != features.length)) {
                throw new IllegalArgumentException("column " + c + " missing or of wrong length");
            }
        }
        this.columns = Collections.unmodifiableList(new ArrayList<>(columns));
        this.features = features;
        this.numbers = new LinkedHashMap<>(numbers);
    }

    /** Column names in output order. */
    public List<String> columns() {
        return columns;
    }

    /** Number of rows (features). */
    public int size() {
        return features.length;
    }

    /** Whether the table has that column. */
    public boolean has(String column) {
        return columns.contains(column);
    }

    /** The feature of row r. */
    public String feature(int r) {
        return features[r];
    }

    /** The feature names (a copy). */
    public String[] features() {
        return features.clone();
    }

    /** A numeric column (a copy); null for {@value #FEATURE} or an unknown name. */
    public double[] column(String name) {
        double[] v = numbers.get(name);
        return v == null ? null : v.clone();
    }

    /** The table as a JSON object (column name to array), rows in table order. */
    public Map<String, Object> toJson() {
        int[] all = new int[features.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return toJson(all);
    }

    /** The table as a JSON object with the given rows, in the given order. */
    public Map<String, Object> toJson(int[] rows) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String c : columns) {
            if (c.equals(FEATURE)) {
                String[] f = new String[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    f[i] = features[rows[i]];
                }
                out.put(c, f);
            } else {
                double[] src = numbers.get(c);
                double[] v = new double[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    v[i] = src[rows[i]];
                }
                out.put(c, v);
            }
        }
        return out;
    }
}
