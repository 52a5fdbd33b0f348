package org.fractalis.stats.prep;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.fractalis.api.analytics.AnalyticsException;

/**
 * A dense features x ids matrix pivoted from a long table ({@code df.pivot(index='feature',
 * columns='id', values='value')}): features and ids are <b>sorted in Python (code point) order</b>, a
 * cell with no row, or with a missing value, is {@code NaN}.
 *
 * <p>The values are one row-major {@code double[]} ({@code values[f * idCount() + i]}), so a
 * 20,000 x 500 matrix is a single 80 MB array; {@link #row(int)} and {@link #column(int)} copy one
 * feature or one sample. PCA wants samples x features: use {@link #transposed()}.
 *
 * <p>Instances are immutable in the sense that no method changes the values; {@link #values()} returns
 * the backing array for speed, callers must not modify it.
 */
public final class Pivot {

    private final String[] features;
    private final String[] ids;
    private final double[] values;
    private Map<String, Integer> featureIndex;
    private Map<String, Integer> idIndex;

    private Pivot(String[] features, String[] ids, double[] values) {
        this.features = features;
        this.ids = ids;
        this.values = values;
    }

    /**
     * Pivots every row of the table (subset and category columns are ignored).
     *
     * @throws AnalyticsException ValueError "Index contains duplicate entries, cannot reshape" (the pandas
     *         message) if an (id, feature) pair occurs twice, e.g. after overlapping subsets were applied
     */
    public static Pivot of(RowTable table) throws AnalyticsException {
        int n = table.size();
        String[] idLevels = table.idLevels();
        String[] featureLevels = table.featureLevels();
        boolean[] idUsed = new boolean[idLevels.length];
        boolean[] featureUsed = new boolean[featureLevels.length];
        for (int r = 0; r < n; r++) {
            idUsed[table.idCode(r)] = true;
            featureUsed[table.featureCode(r)] = true;
        }
        int[] idPos = sortedPositions(idLevels, idUsed);
        int[] featurePos = sortedPositions(featureLevels, featureUsed);
        String[] ids = names(idLevels, idPos);
        String[] features = names(featureLevels, featurePos);
        int ni = ids.length;
        long cells = (long) features.length * ni;
        if (cells > Integer.MAX_VALUE - 8) {
            throw AnalyticsException.valueError("The data set is too large to pivot (" + features.length + " x " + ni
                    + ").");
        }
        double[] values = new double[(int) cells];
        Arrays.fill(values, Double.NaN);
        boolean[] filled = new boolean[(int) cells];
        for (int r = 0; r < n; r++) {
            int cell = featurePos[table.featureCode(r)] * ni + idPos[table.idCode(r)];
            if (filled[cell]) {
                throw AnalyticsException.valueError("Index contains duplicate entries, cannot reshape");
            }
            filled[cell] = true;
            values[cell] = table.value(r);
        }
        return new Pivot(features, ids, values);
    }

    /** Sorted rank of each used level (-1 for unused levels). */
    private static int[] sortedPositions(String[] levels, boolean[] used) {
        Integer[] order = new Integer[levels.length];
        int k = 0;
        for (int i = 0; i < levels.length; i++) {
            if (used[i]) {
                order[k++] = i;
            }
        }
        Integer[] sorted = Arrays.copyOf(order, k);
        Arrays.sort(sorted, (a, b) -> PythonOrder.compare(levels[a], levels[b]));
        int[] pos = new int[levels.length];
        Arrays.fill(pos, -1);
        for (int i = 0; i < sorted.length; i++) {
            pos[sorted[i]] = i;
        }
        return pos;
    }

    private static String[] names(String[] levels, int[] pos) {
        int k = 0;
        for (int p : pos) {
            if (p >= 0) {
                k++;
            }
        }
        String[] out = new String[k];
        for (int i = 0; i < levels.length; i++) {
            if (pos[i] >= 0) {
                out[pos[i]] = levels[i];
            }
        }
        return out;
    }

    /** Number of features (rows). */
    public int featureCount() {
        return features.length;
    }

    /** Number of ids (columns). */
    public int idCount() {
        return ids.length;
    }

    /** The sorted feature names (a copy). */
    public String[] features() {
        return features.clone();
    }

    /** The sorted ids (a copy). */
    public String[] ids() {
        return ids.clone();
    }

    public String feature(int f) {
        return features[f];
    }

    public String id(int i) {
        return ids[i];
    }

    /** The value at (feature f, id i); NaN = missing. */
    public double get(int f, int i) {
        return values[f * ids.length + i];
    }

    /** The row of feature f (a copy, one value per sorted id). */
    public double[] row(int f) {
        return Arrays.copyOfRange(values, f * ids.length, (f + 1) * ids.length);
    }

    /** The column of id i (a copy, one value per sorted feature). */
    public double[] column(int i) {
        double[] out = new double[features.length];
        for (int f = 0; f < features.length; f++) {
            out[f] = values[f * ids.length + i];
        }
        return out;
    }

    /** The backing row-major array (features x ids). Do not modify. */
    public double[] values() {
        return values;
    }

    /** A copy as ids x features (row-major), e.g. the samples x features matrix of PCA. */
    public double[] transposed() {
        int nf = features.length;
        int ni = ids.length;
        double[] out = new double[values.length];
        for (int f = 0; f < nf; f++) {
            int base = f * ni;
            for (int i = 0; i < ni; i++) {
                out[i * nf + f] = values[base + i];
            }
        }
        return out;
    }

    /** Index of a feature, or -1. */
    public int featureIndex(String feature) {
        Map<String, Integer> m = featureIndex;
        if (m == null) {
            m = index(features);
            featureIndex = m;
        }
        return m.getOrDefault(feature, -1);
    }

    /** Index of an id, or -1. */
    public int idIndex(String id) {
        Map<String, Integer> m = idIndex;
        if (m == null) {
            m = index(ids);
            idIndex = m;
        }
        return m.getOrDefault(id, -1);
    }

    /** Column indices of the given ids that are present, in the given order (absent ids are skipped). */
    public int[] idIndices(Collection<String> wanted) {
        int[] out = new int[wanted.size()];
        int k = 0;
        for (String id : wanted) {
            int i = idIndex(id);
            if (i >= 0) {
                out[k++] = i;
            }
        }
        return Arrays.copyOf(out, k);
    }

    private static Map<String, Integer> index(String[] names) {
        Map<String, Integer> m = new HashMap<>(names.length * 2);
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], i);
        }
        return Map.copyOf(m);
    }

    @Override
    public String toString() {
        return "Pivot[" + features.length + " features x " + ids.length + " ids]";
    }
}
