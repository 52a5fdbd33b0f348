package org.fractalis.stats.prep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.data.Frame;

/**
 * A long-format table of numeric rows {@code (id, feature, value)} with the two columns the
 * pre-processing adds, {@code subset} and {@code category}, stored by column.
 *
 * <p><b>Columns.</b> Ids, features and categories are dictionary-encoded: a row holds int codes into
 * {@link #idLevels()}, {@link #featureLevels()} and {@link #categoryLevels()}; values are a
 * {@code double[]} with {@code NaN} = missing. Every row also remembers its {@link #source(int) source}
 * index, the position of the row in the table first built (by {@link #of}, {@link #concat} or the
 * {@link Builder}); filters and {@link #applySubsets} keep it, so a task can carry extra per-row data
 * (e.g. correlation's second variable) in its own arrays indexed by the source row.
 *
 * <p><b>Semantics</b> (golden README §4.0, the original {@code utils.py}):
 * <ul>
 * <li>{@link #filterIds}: an empty id filter keeps everything, otherwise rows whose id is in it.</li>
 * <li>{@link #applySubsets}: {@code []} means one subset (index 0) of every id present; otherwise for
 * subset i = 0, 1, ... in order, the rows whose id is in subset i, in their current order, with
 * {@code subset = i}. A row whose id is in several subsets appears once per subset; subsets that match
 * nothing are skipped and keep their index; no row at all fails with "No data match given
 * subsets."</li>
 * <li>{@link #applyCategories}: no categorical frames gives category {@code ""} for every row.
 * Otherwise an id's category is its non-empty string values in the categorical frames, in argument order,
 * joined by {@code " AND "} (a frame without a value for the id is skipped; an id that has a row whose
 * value is missing or empty gets {@code ""} from that frame). An id with no row in any categorical frame
 * has the {@code null} category (pandas NaN): it stays in the table but never forms a group.</li>
 * <li>Group orders ({@link #featureOrder}, {@link #subsetOrder}, {@link #categoryOrder}) are orders of
 * first appearance in the table, never sorted.</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe; every operation returns a new table (level arrays are
 * shared). All operations are linear in the number of rows (subsets: rows x subsets).
 */
public final class RowTable {

    /** Wildcard for {@link #rows(int, int, int)}. */
    public static final int ANY = Integer.MIN_VALUE;
    /** Category code of the {@code null} (missing) category. */
    public static final int NULL_CATEGORY = -1;

    private static final int[] NO_SUBSETS = null;

    private final String[] idLevels;
    private final int[] ids;
    private final String[] featureLevels;
    private final int[] features;
    private final double[] values;
    private final int[] source;
    private final int[] subsets; // null until applySubsets
    private final String[] categoryLevels; // null until applyCategories
    private final int[] categories; // codes into categoryLevels, NULL_CATEGORY for null

    private RowTable(String[] idLevels, int[] ids, String[] featureLevels, int[] features, double[] values,
            int[] source, int[] subsets, String[] categoryLevels, int[] categories) {
        this.idLevels = idLevels;
        this.ids = ids;
        this.featureLevels = featureLevels;
        this.features = features;
        this.values = values;
        this.source = source;
        this.subsets = subsets;
        this.categoryLevels = categoryLevels;
        this.categories = categories;
    }

    // ------------------------------------------------------------------ construction

    /** The rows of a numeric frame (numerical or numerical_array), in frame order. */
    public static RowTable of(Frame frame) {
        return concat(List.of(frame));
    }

    /**
     * The rows of several numeric frames concatenated in list order ({@code pd.concat}). Ids and features
     * with equal names share a code.
     *
     * @throws IllegalArgumentException if a frame is categorical
     */
    public static RowTable concat(List<Frame> frames) {
        int n = 0;
        for (Frame f : frames) {
            if (!f.kind().isNumeric()) {
                throw new IllegalArgumentException("categorical frame where numbers are expected");
            }
            n += f.size();
        }
        Dictionary idDict = new Dictionary();
        Dictionary featureDict = new Dictionary();
        int[] ids = new int[n];
        int[] features = new int[n];
        double[] values = new double[n];
        int r = 0;
        for (Frame f : frames) {
            String[] fl = f.idLevels();
            int[] idMap = new int[fl.length];
            for (int i = 0; i < fl.length; i++) {
                idMap[i] = idDict.code(fl[i]);
            }
            String[] ffl = f.featureLevels();
            int[] featureMap = new int[ffl.length];
            for (int i = 0; i < ffl.length; i++) {
                featureMap[i] = featureDict.code(ffl[i]);
            }
            for (int i = 0, m = f.size(); i < m; i++, r++) {
                ids[r] = idMap[f.idCode(i)];
                features[r] = featureMap[f.featureCode(i)];
                values[r] = f.number(i);
            }
        }
        return new RowTable(idDict.levels(), ids, featureDict.levels(), features, values, identity(n), NO_SUBSETS,
                null, null);
    }

    /** A builder for tables made by task code (e.g. a join); source indices are the insertion order. */
    public static Builder builder() {
        return new Builder();
    }

    private static int[] identity(int n) {
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = i;
        }
        return s;
    }

    // ------------------------------------------------------------------ access

    /** Number of rows. */
    public int size() {
        return ids.length;
    }

    public boolean isEmpty() {
        return ids.length == 0;
    }

    public String id(int row) {
        return idLevels[ids[row]];
    }

    /** The row's id code (index into {@link #idLevels()}). */
    public int idCode(int row) {
        return ids[row];
    }

    public String feature(int row) {
        return featureLevels[features[row]];
    }

    /** The row's feature code (index into {@link #featureLevels()}). */
    public int featureCode(int row) {
        return features[row];
    }

    /** The row's value ({@code NaN} = missing). */
    public double value(int row) {
        return values[row];
    }

    /** The row's index in the table first built (see class comment). */
    public int source(int row) {
        return source[row];
    }

    /** Whether {@link #applySubsets} has been applied. */
    public boolean hasSubsets() {
        return subsets != null;
    }

    /** The row's subset index. */
    public int subset(int row) {
        if (subsets == null) {
            throw new IllegalStateException("subsets not applied");
        }
        return subsets[row];
    }

    /** Whether {@link #applyCategories} has been applied. */
    public boolean hasCategories() {
        return categories != null;
    }

    /** The row's category, {@code null} for the missing category. */
    public String category(int row) {
        int c = categoryCode(row);
        return c == NULL_CATEGORY ? null : categoryLevels[c];
    }

    /** The row's category code (index into {@link #categoryLevels()}, {@link #NULL_CATEGORY} for null). */
    public int categoryCode(int row) {
        if (categories == null) {
            throw new IllegalStateException("categories not applied");
        }
        return categories[row];
    }

    /** Id dictionary (a copy; may hold ids no longer present after filters). */
    public String[] idLevels() {
        return idLevels.clone();
    }

    /** Feature dictionary (a copy; may hold features no longer present). */
    public String[] featureLevels() {
        return featureLevels.clone();
    }

    /** Category dictionary (a copy), empty before {@link #applyCategories}. */
    public String[] categoryLevels() {
        return categoryLevels == null ? new String[0] : categoryLevels.clone();
    }

    /** Number of id codes (size of the id dictionary). */
    public int idLevelCount() {
        return idLevels.length;
    }

    /** Number of feature codes. */
    public int featureLevelCount() {
        return featureLevels.length;
    }

    /** The value column (a copy). */
    public double[] valueColumn() {
        return values.clone();
    }

    /** The values of the given rows, in that order. */
    public double[] values(int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return out;
    }

    // ------------------------------------------------------------------ orders of first appearance

    /** Distinct ids in order of first appearance. */
    public List<String> idOrder() {
        return distinct(ids, idLevels);
    }

    /** Distinct features in order of first appearance. */
    public List<String> featureOrder() {
        return distinct(features, featureLevels);
    }

    /** Distinct feature codes in order of first appearance. */
    public int[] featureCodeOrder() {
        return distinctCodes(features, featureLevels.length, 0);
    }

    /** Distinct subset indices in order of first appearance (ascending by construction). */
    public int[] subsetOrder() {
        if (subsets == null) {
            throw new IllegalStateException("subsets not applied");
        }
        int max = -1;
        for (int s : subsets) {
            max = Math.max(max, s);
        }
        return distinctCodes(subsets, max + 1, 0);
    }

    /** Distinct categories in order of first appearance; may contain {@code null}. */
    public List<String> categoryOrder() {
        int[] codes = categoryCodeOrder();
        List<String> out = new ArrayList<>(codes.length);
        for (int c : codes) {
            out.add(c == NULL_CATEGORY ? null : categoryLevels[c]);
        }
        return out;
    }

    /** Distinct category codes in order of first appearance; may contain {@link #NULL_CATEGORY}. */
    public int[] categoryCodeOrder() {
        if (categories == null) {
            throw new IllegalStateException("categories not applied");
        }
        return distinctCodes(categories, categoryLevels.length, 1);
    }

    private static int[] distinctCodes(int[] codes, int levels, int offset) {
        boolean[] seen = new boolean[levels + offset];
        int[] out = new int[Math.min(codes.length, levels + offset)];
        int k = 0;
        for (int c : codes) {
            if (!seen[c + offset]) {
                seen[c + offset] = true;
                out[k++] = c;
            }
        }
        return Arrays.copyOf(out, k);
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

    // ------------------------------------------------------------------ groups

    /**
     * The rows of one group, in table order: feature code, subset index and category code, each
     * {@link #ANY} to ignore that column. The {@link #NULL_CATEGORY} never matches (a NaN category
     * equals nothing, as in pandas), so such rows are in no group.
     */
    public int[] rows(int featureCode, int subset, int categoryCode) {
        if (subset != ANY && subsets == null) {
            throw new IllegalStateException("subsets not applied");
        }
        if (categoryCode != ANY && categories == null) {
            throw new IllegalStateException("categories not applied");
        }
        if (categoryCode == NULL_CATEGORY) {
            return new int[0];
        }
        int n = size();
        int[] out = new int[n];
        int k = 0;
        for (int r = 0; r < n; r++) {
            if ((featureCode == ANY || features[r] == featureCode) && (subset == ANY || subsets[r] == subset)
                    && (categoryCode == ANY || categories[r] == categoryCode)) {
                out[k++] = r;
            }
        }
        return Arrays.copyOf(out, k);
    }

    /** The row indices for which the predicate holds, in order. */
    public int[] rowsWhere(IntPredicate test) {
        int n = size();
        int[] out = new int[n];
        int k = 0;
        for (int r = 0; r < n; r++) {
            if (test.test(r)) {
                out[k++] = r;
            }
        }
        return Arrays.copyOf(out, k);
    }

    /** A column to group by, see {@link #groups(GroupKey...)}. */
    public enum GroupKey {
        /** The feature column. */
        FEATURE,
        /** The subset column (after {@link #applySubsets}). */
        SUBSET,
        /** The category column (after {@link #applyCategories}). */
        CATEGORY
    }

    /**
     * One non-empty group of {@link #groups(GroupKey...)}. Keys that were not grouped by are {@link #ANY}.
     *
     * @param featureCode the feature code, or ANY
     * @param subset the subset index, or ANY
     * @param categoryCode the category code (never {@link #NULL_CATEGORY}), or ANY
     * @param rows the row indices of the group, in table order
     */
    public record Group(int featureCode, int subset, int categoryCode, int[] rows) {
    }

    /**
     * The rows grouped by the given keys, in the order of nested loops over the keys' orders of first
     * appearance, the first key outermost: {@code groups(FEATURE, SUBSET, CATEGORY)} is
     * {@code for feature: for subset: for category: rows(feature, subset, category)} (boxplot), and
     * {@code groups(CATEGORY, SUBSET)} is category-major (histogram, survival). Empty groups are left
     * out, and so are rows with the {@link #NULL_CATEGORY} when grouping by category. One pass plus a
     * sort: O(n log n) whatever the number of groups.
     */
    public List<Group> groups(GroupKey... keys) {
        int n = size();
        int k = keys.length;
        int[][] rank = new int[k][];
        int[][] order = new int[k][];
        long[] radix = new long[k];
        for (int j = 0; j < k; j++) {
            int[] ord;
            int levels;
            int offset;
            switch (keys[j]) {
                case FEATURE -> {
                    ord = featureCodeOrder();
                    levels = featureLevels.length;
                    offset = 0;
                }
                case SUBSET -> {
                    ord = subsetOrder();
                    int max = 0;
                    for (int s : ord) {
                        max = Math.max(max, s + 1);
                    }
                    levels = max;
                    offset = 0;
                }
                default -> {
                    ord = categoryCodeOrder();
                    levels = categoryLevels.length;
                    offset = 1;
                }
            }
            int[] rk = new int[levels + offset];
            Arrays.fill(rk, -1);
            for (int i = 0; i < ord.length; i++) {
                if (!(keys[j] == GroupKey.CATEGORY && ord[i] == NULL_CATEGORY)) {
                    rk[ord[i] + offset] = i;
                }
            }
            rank[j] = rk;
            order[j] = ord;
            radix[j] = ord.length;
        }
        long combos = 1;
        for (long r : radix) {
            combos *= Math.max(1, r);
            if (combos > Integer.MAX_VALUE) {
                throw new IllegalStateException("too many groups");
            }
        }
        long[] packed = new long[n];
        int m = 0;
        for (int r = 0; r < n; r++) {
            long key = 0;
            boolean skip = false;
            for (int j = 0; j < k; j++) {
                int code = switch (keys[j]) {
                    case FEATURE -> features[r];
                    case SUBSET -> subsets[r];
                    default -> categories[r] + 1;
                };
                int rk = rank[j][code];
                if (rk < 0) {
                    skip = true;
                    break;
                }
                key = key * radix[j] + rk;
            }
            if (!skip) {
                packed[m++] = (key << 32) | r;
            }
        }
        long[] sorted = Arrays.copyOf(packed, m);
        Arrays.sort(sorted);
        List<Group> out = new ArrayList<>();
        int i = 0;
        while (i < m) {
            long key = sorted[i] >>> 32;
            int j = i;
            while (j < m && (sorted[j] >>> 32) == key) {
                j++;
            }
            int[] rows = new int[j - i];
            for (int t = i; t < j; t++) {
                rows[t - i] = (int) sorted[t];
            }
            int f = ANY;
            int s = ANY;
            int c = ANY;
            long rest = key;
            for (int q = k - 1; q >= 0; q--) {
                int pos = (int) (rest % radix[q]);
                rest /= radix[q];
                switch (keys[q]) {
                    case FEATURE -> f = order[q][pos];
                    case SUBSET -> s = order[q][pos];
                    default -> c = order[q][pos];
                }
            }
            out.add(new Group(f, s, c, rows));
            i = j;
        }
        return out;
    }

    // ------------------------------------------------------------------ operations

    /** The given rows in the given order (rows may repeat); all columns follow. */
    public RowTable select(int[] rows) {
        int n = rows.length;
        int[] ni = new int[n];
        int[] nf = new int[n];
        double[] nv = new double[n];
        int[] ns = new int[n];
        int[] nsub = subsets == null ? null : new int[n];
        int[] ncat = categories == null ? null : new int[n];
        for (int i = 0; i < n; i++) {
            int r = rows[i];
            ni[i] = ids[r];
            nf[i] = features[r];
            nv[i] = values[r];
            ns[i] = source[r];
            if (nsub != null) {
                nsub[i] = subsets[r];
            }
            if (ncat != null) {
                ncat[i] = categories[r];
            }
        }
        return new RowTable(idLevels, ni, featureLevels, nf, nv, ns, nsub, categoryLevels, ncat);
    }

    /** The rows for which the predicate on the row index holds. */
    public RowTable filter(IntPredicate keep) {
        int[] rows = rowsWhere(keep);
        return rows.length == size() ? this : select(rows);
    }

    /** Rows whose value is not NaN ({@code dropna}). */
    public RowTable dropNaN() {
        return filter(r -> !Double.isNaN(values[r]));
    }

    /** Rows whose id is in the filter; an empty filter keeps every row. */
    public RowTable filterIds(Collection<String> idFilter) {
        if (idFilter == null || idFilter.isEmpty()) {
            return this;
        }
        boolean[] keep = idMask(idFilter);
        return filter(r -> keep[ids[r]]);
    }

    /** Rows whose feature is in the collection. */
    public RowTable filterFeatures(Collection<String> keepFeatures) {
        java.util.Set<String> set = new java.util.HashSet<>(keepFeatures);
        boolean[] keep = new boolean[featureLevels.length];
        for (int i = 0; i < featureLevels.length; i++) {
            keep[i] = set.contains(featureLevels[i]);
        }
        return filter(r -> keep[features[r]]);
    }

    private boolean[] idMask(Collection<String> idSet) {
        java.util.Set<String> set = idSet instanceof java.util.Set<String> s ? s : new java.util.HashSet<>(idSet);
        boolean[] keep = new boolean[idLevels.length];
        for (int i = 0; i < idLevels.length; i++) {
            keep[i] = set.contains(idLevels[i]);
        }
        return keep;
    }

    /**
     * {@code apply_subsets}: see the class comment.
     *
     * @param subsetIds the subsets as lists of ids; empty = one subset of every id
     * @throws AnalyticsException ValueError "No data match given subsets." if no row is in any subset
     *         (including an empty table)
     */
    public RowTable applySubsets(List<List<String>> subsetIds) throws AnalyticsException {
        int n = size();
        if (subsetIds == null || subsetIds.isEmpty()) {
            if (n == 0) {
                throw noMatch();
            }
            return new RowTable(idLevels, ids, featureLevels, features, values, source, new int[n], categoryLevels,
                    categories);
        }
        int total = 0;
        boolean[][] masks = new boolean[subsetIds.size()][];
        int[] counts = new int[subsetIds.size()];
        for (int s = 0; s < masks.length; s++) {
            masks[s] = idMask(subsetIds.get(s));
            for (int r = 0; r < n; r++) {
                if (masks[s][ids[r]]) {
                    counts[s]++;
                }
            }
            total += counts[s];
        }
        if (total == 0) {
            throw noMatch();
        }
        int[] rows = new int[total];
        int[] sub = new int[total];
        int k = 0;
        for (int s = 0; s < masks.length; s++) {
            boolean[] m = masks[s];
            for (int r = 0; r < n && counts[s] > 0; r++) {
                if (m[ids[r]]) {
                    rows[k] = r;
                    sub[k++] = s;
                }
            }
        }
        RowTable t = select(rows);
        return new RowTable(t.idLevels, t.ids, t.featureLevels, t.features, t.values, t.source, sub, t.categoryLevels,
                t.categories);
    }

    private static AnalyticsException noMatch() {
        return AnalyticsException.valueError("No data match given subsets.");
    }

    /**
     * {@code apply_categories}: see the class comment. When a categorical frame holds several rows for an
     * id, the first one counts.
     *
     * @param categoricals the categorical frames in argument order (empty = category "" everywhere)
     * @throws IllegalArgumentException if a frame is not categorical
     */
    public RowTable applyCategories(List<Frame> categoricals) {
        int n = size();
        if (categoricals == null || categoricals.isEmpty()) {
            return new RowTable(idLevels, ids, featureLevels, features, values, source, subsets, new String[] {""},
                    new int[n]);
        }
        int nid = idLevels.length;
        boolean[] hasRow = new boolean[nid];
        StringBuilder[] parts = new StringBuilder[nid];
        Map<String, Integer> idIndex = new HashMap<>(nid * 2);
        for (int i = 0; i < nid; i++) {
            idIndex.put(idLevels[i], i);
        }
        for (Frame f : categoricals) {
            if (f.kind().isNumeric()) {
                throw new IllegalArgumentException("numeric frame where a categorical variable is expected");
            }
            String[] fl = f.idLevels();
            int[] map = new int[fl.length];
            for (int i = 0; i < fl.length; i++) {
                map[i] = idIndex.getOrDefault(fl[i], -1);
            }
            boolean[] done = new boolean[nid];
            for (int r = 0, m = f.size(); r < m; r++) {
                int id = map[f.idCode(r)];
                if (id < 0 || done[id]) {
                    continue;
                }
                done[id] = true;
                hasRow[id] = true;
                String v = f.string(r);
                if (v != null && !v.isEmpty()) {
                    if (parts[id] == null) {
                        parts[id] = new StringBuilder(v);
                    } else {
                        parts[id].append(" AND ").append(v);
                    }
                }
            }
        }
        Dictionary catDict = new Dictionary();
        int[] idCategory = new int[nid];
        for (int i = 0; i < nid; i++) {
            idCategory[i] = !hasRow[i] ? NULL_CATEGORY : catDict.code(parts[i] == null ? "" : parts[i].toString());
        }
        int[] cats = new int[n];
        for (int r = 0; r < n; r++) {
            cats[r] = idCategory[ids[r]];
        }
        return new RowTable(idLevels, ids, featureLevels, features, values, source, subsets, catDict.levels(), cats);
    }

    @Override
    public String toString() {
        return "RowTable[" + size() + " rows" + (subsets != null ? ", subsets" : "")
                + (categories != null ? ", categories" : "") + "]";
    }

    // ------------------------------------------------------------------ builder

    /** Appends rows {@code (id, feature, value)}; not thread-safe. */
    public static final class Builder {
        private final Dictionary idDict = new Dictionary();
        private final Dictionary featureDict = new Dictionary();
        private int[] ids = new int[16];
        private int[] features = new int[16];
        private double[] values = new double[16];
        private int size;

        private Builder() {
        }

        /** Adds a row; its source index is the number of rows added before it. */
        public Builder add(String id, String feature, double value) {
            if (size == ids.length) {
                int cap = size * 2;
                ids = Arrays.copyOf(ids, cap);
                features = Arrays.copyOf(features, cap);
                values = Arrays.copyOf(values, cap);
            }
            ids[size] = idDict.code(id);
            features[size] = featureDict.code(feature);
            values[size] = value;
            size++;
            return this;
        }

        public int size() {
            return size;
        }

        public RowTable build() {
            return new RowTable(idDict.levels(), Arrays.copyOf(ids, size), featureDict.levels(),
                    Arrays.copyOf(features, size), Arrays.copyOf(values, size), identity(size), NO_SUBSETS, null,
                    null);
        }
    }

    /** String -> dense code, in order of first use. */
    static final class Dictionary {
        private final Map<String, Integer> index = new HashMap<>();
        private final List<String> levels = new ArrayList<>();

        int code(String s) {
            if (s == null) {
                throw new NullPointerException("null id/feature");
            }
            Integer c = index.get(s);
            if (c == null) {
                c = levels.size();
                index.put(s, c);
                levels.add(s);
            }
            return c;
        }

        String[] levels() {
            return levels.toArray(String[]::new);
        }
    }
}
