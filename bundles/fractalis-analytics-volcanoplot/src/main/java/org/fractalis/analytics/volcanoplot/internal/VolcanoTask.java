package org.fractalis.analytics.volcanoplot.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.AnalyticsTask;
import org.fractalis.api.analytics.AnalyticsTaskName;
import org.fractalis.api.analytics.TaskArgs;
import org.fractalis.stats.deseq2.Deseq2;
import org.fractalis.stats.deseq2.Deseq2Exception;
import org.fractalis.stats.deseq2.DeseqResult;
import org.fractalis.stats.limma.ArrayData;
import org.fractalis.stats.limma.ArrayStats;
import org.fractalis.stats.limma.LimmaException;
import org.fractalis.stats.limma.StatsTable;
import org.fractalis.stats.prep.Pivot;
import org.osgi.service.component.annotations.Component;

/**
 * {@code compute-volcanoplot}: per-feature differential statistics of numerical arrays between subsets (golden
 * README §4.6, CLIENT_CONTRACT §7.7).
 *
 * <p>The pre-processing of {@link ArrayData}, then the ranking method: {@code limma} (moderated t for two subsets,
 * moderated F for more), {@code DESeq2} (exactly two subsets, counts), or the row statistics {@code mean},
 * {@code median} and {@code variance}. Anything else fails with NotImplementedError "Static method unknown: m".
 * The result is {@code {"stats": {column: [...]}}} in sorted feature order.
 */
@Component(service = AnalyticsTask.class)
@AnalyticsTaskName(task = "compute-volcanoplot")
public final class VolcanoTask implements AnalyticsTask {

    /** Message when DESeq2 is asked for other than two subsets. */
    static final String DESEQ2_SUBSETS = "This method currently only supports exactly two subsets as this is the "
            + "most common use case. Support for more subsets will be added later.";
    private static final String MIN_COUNT = "min_total_row_count";

    @Override
    public Map<String, Object> run(TaskArgs args) throws AnalyticsException {
        String ranking = args.string("ranking_method");
        Map<String, Object> params = args.object("params");
        ArrayData data = ArrayData.prepare(args.frames("numerical_arrays"), args.strings("id_filter"),
                args.subsets("subsets"));
        if (Thread.currentThread().isInterrupted()) {
            // cancelled while pre-processing; the interrupt flag stays set for the caller
            throw new AnalyticsException("InterruptedError", "The task was cancelled.");
        }
        StatsTable stats;
        if (ranking.equals("DESeq2")) {
            stats = deseq2(data.pivot(), data.subsets(), params);
        } else {
            stats = ArrayStats.compute(data.pivot(), data.subsets(), ranking);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("stats", stats.toJson());
        return result;
    }

    /**
     * DESeq2 on the two subsets ({@code get_deseq2_stats}): the subsets' columns, rows whose total count (NaN
     * skipped) is below {@code params.min_total_row_count} dropped, conditions s0 and s1, {@code DESeq()} and
     * {@code results()} with defaults. Columns: feature, baseMean, log2FoldChange, lfcSE, stat, pvalue, padj.
     */
    static StatsTable deseq2(Pivot pivot, List<List<String>> subsets, Map<String, Object> params)
            throws AnalyticsException {
        double minTotal = 0;
        for (Map.Entry<String, Object> e : params.entrySet()) {
            if (!e.getKey().equals(MIN_COUNT)) {
                throw new AnalyticsException("TypeError",
                        "get_deseq2_stats() got an unexpected keyword argument '" + e.getKey() + "'");
            }
            if (e.getValue() instanceof Boolean b) {
                minTotal = b ? 1 : 0;
                continue;
            }
            if (!(e.getValue() instanceof Number num)) {
                throw new AnalyticsException("TypeError", "'>=' not supported between instances of 'float' and '"
                        + pythonType(e.getValue()) + "'");
            }
            minTotal = num.doubleValue();
        }
        if (subsets.size() != 2) {
            throw AnalyticsException.valueError(DESEQ2_SUBSETS);
        }
        int n = subsets.get(0).size() + subsets.get(1).size();
        int[] columns = new int[n];
        int[] condition = new int[n];
        int k = 0;
        for (int s = 0; s < 2; s++) {
            for (String id : subsets.get(s)) {
                columns[k] = pivot.idIndex(id);
                condition[k++] = s;
            }
        }
        int nf = pivot.featureCount();
        int ni = pivot.idCount();
        double[] values = pivot.values();
        List<double[]> kept = new ArrayList<>();
        List<String> features = new ArrayList<>();
        for (int f = 0; f < nf; f++) {
            double[] row = new double[n];
            double total = 0;
            for (int j = 0; j < n; j++) {
                double v = values[f * ni + columns[j]];
                row[j] = v;
                if (!Double.isNaN(v)) {
                    total += v;
                }
            }
            if (total >= minTotal) {
                kept.add(row);
                features.add(pivot.feature(f));
            }
        }
        DeseqResult res = runDeseq2(kept.toArray(new double[0][]), condition);
        Map<String, double[]> cols = new LinkedHashMap<>();
        cols.put("baseMean", res.baseMean());
        cols.put("log2FoldChange", res.log2FoldChange());
        cols.put("lfcSE", res.lfcSE());
        cols.put("stat", res.stat());
        cols.put("pvalue", res.pvalue());
        cols.put("padj", res.padj());
        List<String> names = new ArrayList<>();
        names.add(StatsTable.FEATURE);
        names.addAll(cols.keySet());
        return new StatsTable(names, features.toArray(new String[0]), cols);
    }

    /** The one call into the DESeq2 implementation; R's errors become RRuntimeError, as rpy2 reported them. */
    private static DeseqResult runDeseq2(double[][] counts, int[] condition) throws AnalyticsException {
        try {
            return Deseq2.run(counts, condition);
        } catch (Deseq2Exception e) {
            throw new AnalyticsException(LimmaException.R_ERROR, e.getMessage());
        } catch (IllegalArgumentException | ArithmeticException | IndexOutOfBoundsException e) {
            throw new AnalyticsException(LimmaException.R_ERROR, "DESeq2 failed: " + e.getMessage());
        }
    }

    private static String pythonType(Object v) {
        if (v == null) {
            return "NoneType";
        }
        if (v instanceof String) {
            return "str";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof List) {
            return "list";
        }
        if (v instanceof Map) {
            return "dict";
        }
        return v.getClass().getSimpleName();
    }
}
