package org.fractalis.api.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * A loaded variable in long format: rows of {@code (id, feature, value)}, stored by column.
 *
 * <p>Ids and features are dictionary-encoded (a row holds two int codes), so a 20,000 x 500 array
 * costs two int columns and one double column. Values are doubles ({@code NaN} = missing) for the
 * numeric kinds and strings ({@code null} = missing) for categorical frames. Frames are immutable and
 * safe to share between threads.
 */
public final class Frame {
    private final DataKind kind;
    private final String[] idLevels;
    private final int[] idCodes;
    private final String[] featureLevels;
    private final int[] featureCodes;
    private final double[] numbers;
    private final String[] strings;

    private Frame(DataKind kind, String[] idLevels, int[] idCodes, String[] featureLevels, int[] featureCodes,
            double[] numbers, String[] strings) {
        this.kind = kind;
        this.idLevels = idLevels;
        this.idCodes = idCodes;
        this.featureLevels = featureLevels;
        this.featureCodes = featureCodes;
        this.numbers = numbers;
        this.strings = strings;
    }

    /**
     * Builds a frame from encoded columns (used by codecs). Levels must be distinct; every code must
     * index its level array; exactly one of {@code numbers} (numeric kinds) or {@code strings}
     * (categorical) is non-null and has the rows' length.
     */
    public static Frame ofColumns(DataKind kind, String[] idLevels, int[] idCodes, String[] featureLevels,
            int[] featureCodes, double[] numbers, String[] strings) {
        Objects.requireNonNull(kind, "kind");
        int n = idCodes.length;
        if (featureCodes.length != n) {
            throw new IllegalArgumentException("id and feature columns differ in length");
        }
        if (kind.isNumeric() ? (numbers == null || numbers.length != n || strings != null)
                : (strings == null || strings.length != n || numbers != null)) {
            throw new IllegalArgumentException("value column does not fit kind " + kind.wireName());
        }
        for (int i = 0; i < n; i++) {
            if (idCodes[i] < 0 || idCodes[i] >= idLevels.length || featureCodes[i] < 0
                    || featureCodes[i] >= featureLevels.length) {
                throw new IllegalArgumentException("code out of range at row " + i);
            }
        }
        return new Frame(kind, idLevels, idCodes, featureLevels, featureCodes, numbers, strings);
    }

    /** A builder for a frame of that kind. */
    public static Builder builder(DataKind kind) {
        return new Builder(kind);
    }

    public DataKind kind() {
        return kind;
    }

    /** Number of rows. */
    public int size() {
        return idCodes.length;
    }

    public boolean isEmpty() {
        return idCodes.length == 0;
    }

    public String id(int row) {
        return idLevels[idCodes[row]];
    }

    public String feature(int row) {
        return featureLevels[featureCodes[row]];
    }

    /** The numeric value of a row ({@code NaN} = missing); only for numeric kinds. */
    public double number(int row) {
        if (numbers == null) {
            throw new IllegalStateException("categorical frame has no numbers");
        }
        return numbers[row];
    }

    /** The string value of a row ({@code null} = missing); only for categorical frames. */
    public String string(int row) {
        if (strings == null) {
            throw new IllegalStateException("numeric frame has no strings");
        }
        return strings[row];
    }

    /** The value of a row as a Java object: a {@code Double} (NaN = missing) or a {@code String}. */
    public Object value(int row) {
        return numbers != null ? (Object) numbers[row] : strings[row];
    }

    /** Code of the row's id in {@link #idLevels()}. */
    public int idCode(int row) {
        return idCodes[row];
    }

    /** Code of the row's feature in {@link #featureLevels()}. */
    public int featureCode(int row) {
        return featureCodes[row];
    }

    /** The dictionary of ids (a copy). Every level occurs in at least one row once built by a builder. */
    public String[] idLevels() {
        return idLevels.clone();
    }

    /** The dictionary of features (a copy). */
    public String[] featureLevels() {
        return featureLevels.clone();
    }

    /** Raw numeric column (a copy), for codecs. */
    public double[] numberColumn() {
        return numbers == null ? null : numbers.clone();
    }

    /** Raw string column (a copy), for codecs. */
    public String[] stringColumn() {
        return strings == null ? null : strings.clone();
    }

    /** Raw id codes (a copy), for codecs. */
    public int[] idCodeColumn() {
        return idCodes.clone();
    }

    /** Raw feature codes (a copy), for codecs. */
    public int[] featureCodeColumn() {
        return featureCodes.clone();
    }

    /** Distinct features in order of first appearance. */
    public List<String> features() {
        return distinct(featureCodes, featureLevels);
    }

    /** Distinct ids in order of first appearance. */
    public List<String> ids() {
        return distinct(idCodes, idLevels);
    }

    private static List<String> distinct(int[] codes, String[] levels) {
        boolean[] seen = new boolean[levels.length];
        List<String> out = new ArrayList<>();
        for (int c : codes) {
            if (!seen[c]) {
                seen[c] = true;
                out.add(levels[c]);
            }
        }
        return out;
    }

    /** The rows for which the predicate on the row index holds, in order. */
    public Frame filter(IntPredicate keepRow) {
        int n = size();
        int[] rows = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (keepRow.test(i)) {
                rows[k++] = i;
            }
        }
        return k == n ? this : select(Arrays.copyOf(rows, k));
    }

    /** The given rows, in the given order (rows may repeat). */
    public Frame select(int[] rows) {
        Builder b = new Builder(kind);
        for (int r : rows) {
            if (numbers != null) {
                b.add(id(r), feature(r), numbers[r]);
            } else {
                b.add(id(r), feature(r), strings[r]);
            }
        }
        return b.build();
    }

    /** Rows whose id is in the collection. */
    public Frame withIds(Collection<String> ids) {
        Set<String> keep = ids instanceof Set ? (Set<String>) ids : new HashSet<>(ids);
        return filter(r -> keep.contains(id(r)));
    }

    /** Rows whose feature is in the collection. */
    public Frame withFeatures(Collection<String> features) {
        Set<String> keep = features instanceof Set ? (Set<String>) features : new HashSet<>(features);
        return filter(r -> keep.contains(feature(r)));
    }

    @Override
    public String toString() {
        return "Frame[" + kind.wireName() + ", " + size() + " rows, " + featureLevels.length + " features]";
    }

    /** Appends rows; not thread-safe. */
    public static final class Builder {
        private final DataKind kind;
        private final Map<String, Integer> idIndex = new HashMap<>();
        private final List<String> idLevels = new ArrayList<>();
        private final Map<String, Integer> featureIndex = new LinkedHashMap<>();
        private final List<String> featureLevels = new ArrayList<>();
        private int[] idCodes = new int[16];
        private int[] featureCodes = new int[16];
        private double[] numbers;
        private String[] strings;
        private int size;

        private Builder(DataKind kind) {
            this.kind = Objects.requireNonNull(kind, "kind");
            if (kind.isNumeric()) {
                numbers = new double[16];
            } else {
                strings = new String[16];
            }
        }

        /** Adds a numeric row; only for numeric kinds. */
        public Builder add(String id, String feature, double value) {
            if (numbers == null) {
                throw new IllegalStateException("categorical frame takes string values");
            }
            int r = next(id, feature);
            numbers[r] = value;
            return this;
        }

        /** Adds a categorical row; only for categorical frames. */
        public Builder add(String id, String feature, String value) {
            if (strings == null) {
                throw new IllegalStateException("numeric frame takes number values");
            }
            int r = next(id, feature);
            strings[r] = value;
            return this;
        }

        private int next(String id, String feature) {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(feature, "feature");
            if (size == idCodes.length) {
                int cap = size * 2;
                idCodes = Arrays.copyOf(idCodes, cap);
                featureCodes = Arrays.copyOf(featureCodes, cap);
                if (numbers != null) {
                    numbers = Arrays.copyOf(numbers, cap);
                } else {
                    strings = Arrays.copyOf(strings, cap);
                }
            }
            idCodes[size] = code(id, idIndex, idLevels);
            featureCodes[size] = code(feature, featureIndex, featureLevels);
            return size++;
        }

        private static int code(String s, Map<String, Integer> index, List<String> levels) {
            Integer c = index.get(s);
            if (c == null) {
                c = levels.size();
                index.put(s, c);
                levels.add(s);
            }
            return c;
        }

        public int size() {
            return size;
        }

        public Frame build() {
            return new Frame(kind, idLevels.toArray(String[]::new), Arrays.copyOf(idCodes, size),
                    featureLevels.toArray(String[]::new), Arrays.copyOf(featureCodes, size),
                    numbers == null ? null : Arrays.copyOf(numbers, size),
                    strings == null ? null : Arrays.copyOf(strings, size));
        }
    }
}
