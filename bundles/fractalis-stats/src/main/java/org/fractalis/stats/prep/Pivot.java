package org.fractalis.stats.prep;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.data.Frame;

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

    /**
     * The pivot of numeric frames concatenated ({@code pd.concat}, then {@code pivot}) and restricted to some ids,
     * read straight from the frames: the same matrix as {@code Pivot.of(RowTable.concat(frames).filterIds(ids))}
     * without the long table in between (about 28 bytes per value, which a cohort-sized array cannot afford). A
     * {@link Frame#isMatrix() matrix} frame is copied feature by feature.
     *
     * @param keepIds the ids to keep, or null for all
     * @throws IllegalArgumentException if a frame is categorical (as {@link RowTable#concat})
     * @throws AnalyticsException as {@link #of(RowTable)}; an empty pivot (no ids) if no value is left
     * @since 1.1
     */
    public static Pivot of(List<Frame> frames, Set<String> keepIds) throws AnalyticsException {
        Layout l = Layout.of(frames, keepIds);
        double[] values = new double[l.cells()];
        Arrays.fill(values, Double.NaN);
        l.fill(frames, values, null);
        return new Pivot(l.features, l.ids, values);
    }

    /** A pivot as one array per feature (what PCA consumes and changes); labels sorted as in {@link Pivot}. */
    public record Rows(String[] features, String[] ids, double[][] rows) {
    }

    /**
     * As {@link #of(List, Set)}, one array per feature: so a task that needs its own copy of the values (PCA
     * imputes and centres in place) makes no second one.
     *
     * @since 1.1
     */
    public static Rows rowsOf(List<Frame> frames, Set<String> keepIds) throws AnalyticsException {
        Layout l = Layout.of(frames, keepIds);
        l.cells(); // the same size limit as the flat form
        double[][] rows = new double[l.features.length][];
        for (int f = 0; f < rows.length; f++) {
            rows[f] = new double[l.ids.length];
            Arrays.fill(rows[f], Double.NaN);
        }
        l.fill(frames, null, rows);
        return new Rows(l.features, l.ids, rows);
    }

    /** Where each frame's ids and features go in the sorted pivot (-1: left out). */
    private static final class Layout {
        final String[] ids;
        final String[] features;
        final int[][] idPos;
        final int[][] featurePos;

        private Layout(String[] ids, String[] features, int[][] idPos, int[][] featurePos) {
            this.ids = ids;
            this.features = features;
            this.idPos = idPos;
            this.featurePos = featurePos;
        }

        static Layout of(List<Frame> frames, Set<String> keepIds) {
            int k = frames.size();
            boolean[][] idUsed = new boolean[k][];
            boolean[][] featureUsed = new boolean[k][];
            String[][] idLevels = new String[k][];
            String[][] featureLevels = new String[k][];
            Map<String, Integer> idNames = new HashMap<>();
            Map<String, Integer> featureNames = new HashMap<>();
            for (int t = 0; t < k; t++) {
                Frame f = frames.get(t);
                if (!f.kind().isNumeric()) {
                    throw new IllegalArgumentException("categorical frame where numbers are expected");
                }
                idLevels[t] = f.idLevels();
                featureLevels[t] = f.featureLevels();
                boolean[] keep = new boolean[idLevels[t].length];
                for (int i = 0; i < keep.length; i++) {
                    keep[i] = keepIds == null || keepIds.contains(idLevels[t][i]);
                }
                idUsed[t] = new boolean[idLevels[t].length];
                featureUsed[t] = new boolean[featureLevels[t].length];
                if (f.isMatrix()) {
                    // every id has every feature; a feature is used when any id is kept
                    boolean any = false;
                    for (int i = 0; i < keep.length; i++) {
                        idUsed[t][i] = keep[i];
                        any |= keep[i];
                    }
                    Arrays.fill(featureUsed[t], any);
                } else {
                    for (int r = 0, n = f.size(); r < n; r++) {
                        int id = f.idCode(r);
                        if (keep[id]) {
                            idUsed[t][id] = true;
                            featureUsed[t][f.featureCode(r)] = true;
                        }
                    }
                }
                name(idLevels[t], idUsed[t], idNames);
                name(featureLevels[t], featureUsed[t], featureNames);
            }
            String[] ids = sorted(idNames);
            String[] features = sorted(featureNames);
            int[][] idPos = new int[k][];
            int[][] featurePos = new int[k][];
            for (int t = 0; t < k; t++) {
                idPos[t] = positions(idLevels[t], idUsed[t], idNames);
                featurePos[t] = positions(featureLevels[t], featureUsed[t], featureNames);
            }
            return new Layout(ids, features, idPos, featurePos);
        }

        private static void name(String[] levels, boolean[] used, Map<String, Integer> names) {
            for (int i = 0; i < levels.length; i++) {
                if (used[i]) {
                    names.putIfAbsent(levels[i], -1);
                }
            }
        }

        /** The names in Python order; each name's value becomes its position. */
        private static String[] sorted(Map<String, Integer> names) {
            String[] out = names.keySet().toArray(String[]::new);
            Arrays.sort(out, PythonOrder.STRINGS);
            for (int i = 0; i < out.length; i++) {
                names.put(out[i], i);
            }
            return out;
        }

        private static int[] positions(String[] levels, boolean[] used, Map<String, Integer> names) {
            int[] pos = new int[levels.length];
            for (int i = 0; i < levels.length; i++) {
                pos[i] = used[i] ? names.get(levels[i]) : -1;
            }
            return pos;
        }

        int cells() throws AnalyticsException {
            long cells = (long) features.length * ids.length;
            if (cells > Integer.MAX_VALUE - 8) {
                throw AnalyticsException.valueError("The data set is too large to pivot (" + features.length + " x "
                        + ids.length + ").");
            }
            return (int) cells;
        }

        /** Copies every kept value into the flat array or the rows; a cell given twice is pandas' error. */
        void fill(List<Frame> frames, double[] flat, double[][] rows) throws AnalyticsException {
            int ni = ids.length;
            // one matrix cannot hold a cell twice; otherwise mark the cells (one bit each)
            long[] filled = frames.size() == 1 && frames.get(0).isMatrix() ? null
                    : new long[(int) (((long) features.length * ni + 63) >>> 6)];
            for (int t = 0; t < frames.size(); t++) {
                Frame f = frames.get(t);
                int[] ip = idPos[t];
                int[] fp = featurePos[t];
                if (f.isMatrix()) {
                    int stride = ip.length;
                    for (int feature = 0; feature < fp.length; feature++) {
                        int to = fp[feature];
                        if (to < 0) {
                            continue;
                        }
                        int base = feature * stride;
                        for (int i = 0; i < stride; i++) {
                            if (ip[i] >= 0) {
                                put(flat, rows, filled, to, ip[i], f.number(base + i));
                            }
                        }
                    }
                } else {
                    for (int r = 0, n = f.size(); r < n; r++) {
                        int i = ip[f.idCode(r)];
                        if (i >= 0) {
                            put(flat, rows, filled, fp[f.featureCode(r)], i, f.number(r));
                        }
                    }
                }
            }
        }

        private void put(double[] flat, double[][] rows, long[] filled, int feature, int id, double v)
                throws AnalyticsException {
            if (filled != null) {
                long cell = (long) feature * ids.length + id;
                int word = (int) (cell >>> 6);
                long bit = 1L << cell;
                if ((filled[word] & bit) != 0) {
                    throw AnalyticsException.valueError("Index contains duplicate entries, cannot reshape");
                }
                filled[word] |= bit;
            }
            if (flat != null) {
                flat[feature * ids.length + id] = v;
            } else {
                rows[feature][id] = v;
            }
        }
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
