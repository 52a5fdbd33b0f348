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
 *
 * <p><b>Matrix frames</b> ({@link #matrix}) hold a dense features x ids block of doubles and no code columns: 8
 * bytes per value instead of 16, which is what a cohort-sized numerical array (20,531 genes x 11,069 samples)
 * needs. They answer every accessor as a long frame with one row per cell, feature-major: row
 * {@code r} is feature {@code r / ids} of id {@code r % ids}, a missing cell is a row with {@code NaN}. Prefer
 * {@link #matrix} for a connector whose source delivers a matrix.
 *
 * <p><b>Rules a connector's frame must follow</b> (core checks them with {@link FrameRules} after every load; a
 * violation fails the load with a message naming the rule):
 * <ul>
 * <li>{@link #kind()} is the {@link DataKind} that {@code Connector.kind} announced for the descriptor;</li>
 * <li>{@code id} is the subject (patient, sample) the value belongs to; ids are compared as strings;</li>
 * <li>{@link DataKind#NUMERICAL} and {@link DataKind#CATEGORICAL}: exactly one row per id (ids unique) and exactly
 * one feature, the same in every row: by convention the variable's name (e.g. {@code "age"}), which the
 * analytics use as the variable's name;</li>
 * <li>{@link DataKind#NUMERICAL_ARRAY}: one row per (id, feature) pair, at most once; a feature is e.g. a gene or
 * a probe, and an id may lack some features (absent, or present with {@code NaN});</li>
 * <li>missing values are {@code NaN} (numbers) or {@code null} (strings), never a sentinel such as {@code -1};
 * an empty frame is allowed (no subject has the variable).</li>
 * </ul>
 */
public final class Frame {
    private final DataKind kind;
    private final String[] idLevels;
    private final int[] idCodes;
    private final String[] featureLevels;
    private final int[] featureCodes;
    private final double[] numbers;
    private final String[] strings;

    /** Id count of a matrix frame (its row stride); 0 for a long frame, which has code columns instead. */
    private final int stride;

    private Frame(DataKind kind, String[] idLevels, int[] idCodes, String[] featureLevels, int[] featureCodes,
            double[] numbers, String[] strings) {
        this(kind, idLevels, idCodes, featureLevels, featureCodes, numbers, strings, 0);
    }

    private Frame(DataKind kind, String[] idLevels, int[] idCodes, String[] featureLevels, int[] featureCodes,
            double[] numbers, String[] strings, int stride) {
        this.stride = stride;
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

    /**
     * A dense matrix frame of a numeric kind: {@code values[f * ids.length + i]} is the value of feature
     * {@code features[f]} for id {@code ids[i]} ({@code NaN} = missing). The arrays are taken as they are (not
     * copied): the caller must not change them afterwards.
     *
     * @throws IllegalArgumentException if the kind is categorical, ids or features repeat or contain null, or
     *         the values do not have {@code ids.length * features.length} entries
     * @since 1.2
     */
    public static Frame matrix(DataKind kind, String[] ids, String[] features, double[] values) {
        Objects.requireNonNull(kind, "kind");
        if (!kind.isNumeric()) {
            throw new IllegalArgumentException("a matrix frame holds numbers, not " + kind.wireName() + " values");
        }
        distinct(ids, "id");
        distinct(features, "feature");
        if ((long) ids.length * features.length != values.length) {
            throw new IllegalArgumentException("a " + features.length + " x " + ids.length + " matrix needs "
                    + (long) ids.length * features.length + " values, not " + values.length);
        }
        if (ids.length == 0 || features.length == 0) {
            return new Frame(kind, new String[0], new int[0], new String[0], new int[0], new double[0], null);
        }
        return new Frame(kind, ids, null, features, null, values, null, ids.length);
    }

    private static void distinct(String[] levels, String what) {
        Set<String> seen = new HashSet<>(levels.length * 2);
        for (String s : levels) {
            if (!seen.add(Objects.requireNonNull(s, what))) {
                throw new IllegalArgumentException("the " + what + " '" + s + "' occurs twice");
            }
        }
    }

    /**
     * Whether this frame is a dense {@link #matrix} (no code columns; rows are the cells, feature-major).
     *
     * @since 1.2
     */
    public boolean isMatrix() {
        return stride > 0;
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
        return stride > 0 ? numbers.length : idCodes.length;
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    public String id(int row) {
        return idLevels[idCode(row)];
    }

    public String feature(int row) {
        return featureLevels[featureCode(row)];
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
        if (stride > 0) {
            Objects.checkIndex(row, numbers.length);
            return row % stride;
        }
        return idCodes[row];
    }

    /** Code of the row's feature in {@link #featureLevels()}. */
    public int featureCode(int row) {
        if (stride > 0) {
            Objects.checkIndex(row, numbers.length);
            return row / stride;
        }
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

    /** Raw id codes (a copy), for codecs; a matrix frame computes them (4 bytes per cell: check {@link #isMatrix}). */
    public int[] idCodeColumn() {
        if (stride > 0) {
            int[] out = new int[numbers.length];
            for (int r = 0; r < out.length; r++) {
                out[r] = r % stride;
            }
            return out;
        }
        return idCodes.clone();
    }

    /** Raw feature codes (a copy), for codecs; a matrix frame computes them (see {@link #idCodeColumn}). */
    public int[] featureCodeColumn() {
        if (stride > 0) {
            int[] out = new int[numbers.length];
            for (int r = 0; r < out.length; r++) {
                out[r] = r / stride;
            }
            return out;
        }
        return featureCodes.clone();
    }

    /** Distinct features in order of first appearance. */
    public List<String> features() {
        return stride > 0 ? List.of(featureLevels) : distinct(featureCodes, featureLevels);
    }

    /** Distinct ids in order of first appearance. */
    public List<String> ids() {
        return stride > 0 ? List.of(idLevels) : distinct(idCodes, idLevels);
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

    /** Rows whose id is in the collection (a matrix frame stays a matrix). */
    public Frame withIds(Collection<String> ids) {
        Set<String> keep = ids instanceof Set ? (Set<String>) ids : new HashSet<>(ids);
        if (stride > 0) {
            return subMatrix(kept(idLevels, keep), null);
        }
        return filter(r -> keep.contains(id(r)));
    }

    /** Rows whose feature is in the collection (a matrix frame stays a matrix). */
    public Frame withFeatures(Collection<String> features) {
        Set<String> keep = features instanceof Set ? (Set<String>) features : new HashSet<>(features);
        if (stride > 0) {
            return subMatrix(null, kept(featureLevels, keep));
        }
        return filter(r -> keep.contains(feature(r)));
    }

    private static int[] kept(String[] levels, Set<String> keep) {
        int[] out = new int[levels.length];
        int k = 0;
        for (int i = 0; i < levels.length; i++) {
            if (keep.contains(levels[i])) {
                out[k++] = i;
            }
        }
        return Arrays.copyOf(out, k);
    }

    /** The given id and feature positions of a matrix frame (null = all). */
    private Frame subMatrix(int[] idPos, int[] featurePos) {
        int ni = idPos == null ? stride : idPos.length;
        int nf = featurePos == null ? featureLevels.length : featurePos.length;
        if (ni == stride && nf == featureLevels.length) {
            return this;
        }
        String[] ids = new String[ni];
        for (int i = 0; i < ni; i++) {
            ids[i] = idLevels[idPos == null ? i : idPos[i]];
        }
        String[] features = new String[nf];
        double[] values = new double[ni * nf];
        for (int f = 0; f < nf; f++) {
            int from = (featurePos == null ? f : featurePos[f]) * stride;
            features[f] = featureLevels[from / stride];
            if (idPos == null) {
                System.arraycopy(numbers, from, values, f * ni, ni);
            } else {
                for (int i = 0; i < ni; i++) {
                    values[f * ni + i] = numbers[from + idPos[i]];
                }
            }
        }
        return matrix(kind, ids, features, values);
    }

    @Override
    public String toString() {
        return "Frame[" + kind.wireName() + ", " + size() + " rows, " + featureLevels.length + " features"
                + (stride > 0 ? ", matrix" : "") + "]";
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
