package org.fractalis.analytics.heatmap.internal;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.AnalyticsTask;
import org.fractalis.api.analytics.AnalyticsTaskName;
import org.fractalis.api.analytics.TaskArgs;
import org.fractalis.stats.limma.ArrayData;
import org.fractalis.stats.limma.ArrayStats;
import org.fractalis.stats.limma.StatsTable;
import org.fractalis.stats.prep.Pivot;
import org.fractalis.stats.prep.PythonOrder;
import org.osgi.service.component.annotations.Component;

/**
 * {@code compute-heatmap}: ranks the features of numerical arrays and returns the top {@code max_rows} with their
 * values and z-scores (golden README §4.7, CLIENT_CONTRACT §7.6).
 *
 * <ol>
 * <li>The pre-processing of {@link ArrayData} (subsets, id filter, sorted pivot).</li>
 * <li>Ranking statistic: {@code mean}, {@code median} or {@code variance} per feature; any other ranking method
 * runs limma on the subsets and ranks by that column of its table (KeyError if there is no such column, e.g.
 * {@code logFC} with three subsets).</li>
 * <li>Sort key {@code 1 - x} for P.Value and adj.P.Val, {@code |x|} for logFC and t, x otherwise, descending, NaN
 * last; rows with equal keys come in the order pandas/numpy's quicksort gives them ({@link PandasSort}). The first
 * {@code max_rows} rows (Python slice semantics) are kept.</li>
 * <li>{@code data}: for each id (sorted), the kept features in ranked order with value and z-score (over all pivot
 * columns, population SD), regrouped by subset as {@code apply_subsets} does. {@code stats}: the ranking table in
 * ranked order.</li>
 * </ol>
 * The arguments {@code numericals}, {@code categoricals} and {@code params} are accepted and ignored.
 */
@Component(service = AnalyticsTask.class)
@AnalyticsTaskName(task = "compute-heatmap")
public final class HeatmapTask implements AnalyticsTask {

    @Override
    public Map<String, Object> run(TaskArgs args) throws AnalyticsException {
        String ranking = args.string("ranking_method");
        int maxRows = args.integer("max_rows");
        ArrayData data = ArrayData.prepare(args.frames("numerical_arrays"), args.strings("id_filter"),
                args.subsets("subsets"));
        Pivot pivot = data.pivot();
        checkInterrupted();

        String method = switch (ranking) {
            case "mean", "median", "variance" -> ranking;
            default -> "limma";
        };
        StatsTable stats = ArrayStats.compute(pivot, data.subsets(), method);
        if (!stats.has(ranking)) {
            throw new AnalyticsException("KeyError", "'" + ranking + "'");
        }
        checkInterrupted();
        int[] order = rank(stats, ranking);
        int[] selected = Arrays.copyOf(order, sliceEnd(order.length, maxRows));

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("data", cells(pivot, selected, data.subsets()));
        result.put("stats", stats.toJson(selected));
        return result;
    }

    /** Stops a cancelled job between the expensive steps (the interrupt flag stays set for the caller). */
    private static void checkInterrupted() throws AnalyticsException {
        if (Thread.currentThread().isInterrupted()) {
            throw new AnalyticsException("InterruptedError", "The task was cancelled.");
        }
    }

    /** Row order of the stats table by the ranking column. */
    static int[] rank(StatsTable stats, String ranking) {
        if (ranking.equals(StatsTable.FEATURE)) {
            // sorting by the (distinct) names themselves, descending
            Integer[] idx = new Integer[stats.size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i;
            }
            Arrays.sort(idx, (a, b) -> PythonOrder.compare(stats.feature(b), stats.feature(a)));
            return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
        }
        double[] keys = stats.column(ranking);
        switch (ranking) {
            case "P.Value", "adj.P.Val" -> {
                for (int i = 0; i < keys.length; i++) {
                    keys[i] = 1 - keys[i];
                }
            }
            case "logFC", "t" -> {
                for (int i = 0; i < keys.length; i++) {
                    keys[i] = Math.abs(keys[i]);
                }
            }
            default -> {
                // the value itself
            }
        }
        return PandasSort.descendingOrder(keys);
    }

    /** End of the Python slice {@code [:maxRows]} of a sequence of length n. */
    static int sliceEnd(int n, int maxRows) {
        if (maxRows < 0) {
            return Math.max(0, n + maxRows);
        }
        return Math.min(n, maxRows);
    }

    /**
     * The long-format cells of the selected features: for each id (sorted), the features in ranked order; then
     * {@code apply_subsets}: for each subset in order, the cells of its ids, with the subset index.
     */
    private static Map<String, Object> cells(Pivot pivot, int[] selected, List<List<String>> subsets)
            throws AnalyticsException {
        int ni = pivot.idCount();
        int ns = selected.length;
        double[][] z = new double[ns][];
        for (int k = 0; k < ns; k++) {
            z[k] = ArrayStats.zScores(pivot, selected[k]);
        }
        boolean[][] member = new boolean[subsets.size()][ni];
        long total = 0;
        for (int s = 0; s < subsets.size(); s++) {
            Set<String> ids = new HashSet<>(subsets.get(s));
            for (int i = 0; i < ni; i++) {
                if (ids.contains(pivot.id(i))) {
                    member[s][i] = true;
                    total += ns;
                }
            }
        }
        if (total == 0) {
            throw AnalyticsException.valueError("No data match given subsets.");
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw AnalyticsException.valueError("The heatmap is too large (" + total + " cells).");
        }
        int n = (int) total;
        String[] feature = new String[n];
        String[] id = new String[n];
        double[] value = new double[n];
        double[] zscore = new double[n];
        int[] subset = new int[n];
        double[] values = pivot.values();
        int r = 0;
        for (int s = 0; s < subsets.size(); s++) {
            for (int i = 0; i < ni; i++) {
                if (!member[s][i]) {
                    continue;
                }
                String idName = pivot.id(i);
                for (int k = 0; k < ns; k++) {
                    int f = selected[k];
                    feature[r] = pivot.feature(f);
                    id[r] = idName;
                    value[r] = values[f * ni + i];
                    zscore[r] = z[k][i];
                    subset[r] = s;
                    r++;
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("feature", feature);
        out.put("id", id);
        out.put("value", value);
        out.put("zscore", zscore);
        out.put("subset", subset);
        return out;
    }
}
