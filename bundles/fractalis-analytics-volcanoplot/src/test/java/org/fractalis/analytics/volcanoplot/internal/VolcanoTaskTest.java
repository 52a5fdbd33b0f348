package org.fractalis.analytics.volcanoplot.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.TaskArgs;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.junit.jupiter.api.Test;

/** Behaviour of compute-volcanoplot beyond the golden cases. */
class VolcanoTaskTest {

    private static final List<List<String>> TWO = List.of(List.of("C1", "C2", "C3", "C4"), List.of("C5", "C6", "C7",
            "C8"));

    /** 30 count features x 8 samples; feature n00 is all zero. */
    private static Frame counts() {
        Random rnd = new Random(11);
        Frame.Builder b = Frame.builder(DataKind.NUMERICAL_ARRAY);
        for (int s = 1; s <= 8; s++) {
            for (int f = 0; f < 30; f++) {
                double mu = f == 0 ? 0 : 20 + 10 * f + (f < 4 && s > 4 ? 200 : 0);
                b.add("C" + s, String.format("n%02d", f), Math.floor(mu * (0.7 + 0.6 * rnd.nextDouble())));
            }
        }
        return b.build();
    }

    private static TaskArgs args(String ranking, Map<String, Object> params, List<List<String>> subsets) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("numerical_arrays", List.of(counts()));
        m.put("id_filter", List.of());
        m.put("ranking_method", ranking);
        m.put("params", params);
        m.put("subsets", subsets);
        return new TaskArgs(m);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stats(Map<String, Object> result) {
        assertEquals(List.of("stats"), new ArrayList<>(result.keySet()));
        return (Map<String, Object>) result.get("stats");
    }

    @Test
    void deseq2DropsRowsBelowTheMinimumCount() throws AnalyticsException {
        Map<String, Object> s = stats(new VolcanoTask().run(args("DESeq2", Map.of("min_total_row_count", 1), TWO)));
        assertEquals(List.of("feature", "baseMean", "log2FoldChange", "lfcSE", "stat", "pvalue", "padj"),
                new ArrayList<>(s.keySet()));
        String[] f = (String[]) s.get("feature");
        assertEquals(29, f.length);
        assertEquals("n01", f[0]);
        double[] lfc = (double[]) s.get("log2FoldChange");
        assertTrue(lfc[0] > 1, "planted fold change of the second subset over the first");
    }

    @Test
    void deseq2RejectsOtherParameters() {
        AnalyticsException e = assertThrows(AnalyticsException.class,
                () -> new VolcanoTask().run(args("DESeq2", Map.of("alpha", 0.05), TWO)));
        assertEquals("TypeError", e.type());
        assertEquals("get_deseq2_stats() got an unexpected keyword argument 'alpha'", e.getMessage());
    }

    @Test
    void deseq2NeedsSamplesInBothSubsets() {
        AnalyticsException e = assertThrows(AnalyticsException.class,
                () -> new VolcanoTask().run(args("DESeq2", Map.of(), List.of(List.of("C1", "C2", "C3"), List.of("X")))));
        assertEquals("RRuntimeError", e.type());
    }

    @Test
    void limmaWithAnEmptySubsetFailsInR() {
        AnalyticsException e = assertThrows(AnalyticsException.class,
                () -> new VolcanoTask().run(args("limma", Map.of(), List.of(List.of("C1", "C2"), List.of("X1")))));
        assertEquals("RRuntimeError", e.type());
    }

    @Test
    void limmaIgnoresParamsAndKeepsSortedFeatureOrder() throws AnalyticsException {
        Map<String, Object> s = stats(new VolcanoTask().run(args("limma", Map.of("anything", 1), TWO)));
        assertEquals(List.of("feature", "logFC", "AveExpr", "t", "P.Value", "adj.P.Val", "B"),
                new ArrayList<>(s.keySet()));
        String[] f = (String[]) s.get("feature");
        String[] sorted = f.clone();
        java.util.Arrays.sort(sorted);
        assertArrayEquals(sorted, f);
    }

    @Test
    void medianTableHasTheStatisticFirst() throws AnalyticsException {
        Map<String, Object> s = stats(new VolcanoTask().run(args("median", Map.of(), List.of())));
        assertEquals(List.of("median", "feature"), new ArrayList<>(s.keySet()));
        assertEquals(30, ((double[]) s.get("median")).length);
    }
}
