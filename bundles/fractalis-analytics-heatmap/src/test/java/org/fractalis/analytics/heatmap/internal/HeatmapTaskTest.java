package org.fractalis.analytics.heatmap.internal;

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

/** Behaviour of compute-heatmap beyond the golden cases. */
class HeatmapTaskTest {

    /** 12 features (g01..g12) x 9 samples (S1..S9) of random values; feature g03 misses sample S2. */
    private static Frame expression() {
        Random rnd = new Random(7);
        Frame.Builder b = Frame.builder(DataKind.NUMERICAL_ARRAY);
        for (int s = 1; s <= 9; s++) {
            for (int f = 1; f <= 12; f++) {
                if (f == 3 && s == 2) {
                    continue;
                }
                b.add("S" + s, String.format("g%02d", f), 5 + rnd.nextGaussian() + (f <= 2 && s > 6 ? 3 : 0));
            }
        }
        return b.build();
    }

    private static TaskArgs args(String ranking, int maxRows, List<List<String>> subsets) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("numerical_arrays", List.of(expression()));
        m.put("numericals", List.of());
        m.put("categoricals", List.of());
        m.put("ranking_method", ranking);
        m.put("params", Map.of());
        m.put("id_filter", List.of());
        m.put("max_rows", maxRows);
        m.put("subsets", subsets);
        return new TaskArgs(m);
    }

    private static final List<List<String>> THREE = List.of(List.of("S1", "S2", "S3"), List.of("S4", "S5", "S6"),
            List.of("S7", "S8", "S9"));

    @Test
    void descendingOrderPutsNaNLastAndKeepsSmallTiesInOrder() {
        double[] keys = {0.5, Double.NaN, 0.9, 0.5, 0.1, Double.NaN, 0.9};
        assertArrayEquals(new int[] {2, 6, 0, 3, 4, 1, 5}, PandasSort.descendingOrder(keys));
        assertArrayEquals(new int[0], PandasSort.descendingOrder(new double[0]));
    }

    @Test
    void argsortSortsLargeArrays() {
        Random rnd = new Random(1);
        double[] v = new double[5000];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextInt(40);
        }
        int[] order = PandasSort.argsort(v);
        boolean[] seen = new boolean[v.length];
        for (int i = 0; i < order.length; i++) {
            seen[order[i]] = true;
            if (i > 0) {
                assertTrue(v[order[i - 1]] <= v[order[i]]);
            }
        }
        for (boolean s : seen) {
            assertTrue(s);
        }
    }

    @Test
    void maxRowsFollowsPythonSlices() {
        assertEquals(3, HeatmapTask.sliceEnd(10, 3));
        assertEquals(10, HeatmapTask.sliceEnd(10, 100));
        assertEquals(7, HeatmapTask.sliceEnd(10, -3));
        assertEquals(0, HeatmapTask.sliceEnd(10, -30));
    }

    @Test
    void logFCNeedsTwoSubsets() {
        AnalyticsException e = assertThrows(AnalyticsException.class,
                () -> new HeatmapTask().run(args("logFC", 5, THREE)));
        assertEquals("KeyError", e.type());
        assertEquals("'logFC'", e.getMessage());
    }

    @Test
    void threeSubsetsRankByF() throws AnalyticsException {
        Map<String, Object> r = new HeatmapTask().run(args("F", 4, THREE));
        @SuppressWarnings("unchecked")
        Map<String, Object> stats = (Map<String, Object>) r.get("stats");
        assertEquals(List.of("feature", "group3.group1", "group3.group2", "group2.group1", "AveExpr", "F", "P.Value",
                "adj.P.Val"), new ArrayList<>(stats.keySet()));
        double[] f = (double[]) stats.get("F");
        assertEquals(4, f.length);
        for (int i = 1; i < f.length; i++) {
            assertTrue(f[i - 1] >= f[i]);
        }
    }

    @Test
    void dataListsEveryIdOfEachSubsetWithMissingCellsAsNaN() throws AnalyticsException {
        // S3 is in both subsets; ranking by mean ignores the subsets
        List<List<String>> subsets = List.of(List.of("S1", "S2", "S3"), List.of("S3", "S4"));
        Map<String, Object> r = new HeatmapTask().run(args("mean", 12, subsets));
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) r.get("data");
        assertEquals(List.of("feature", "id", "value", "zscore", "subset"), new ArrayList<>(data.keySet()));
        String[] ids = (String[]) data.get("id");
        int[] subset = (int[]) data.get("subset");
        String[] features = (String[]) data.get("feature");
        double[] values = (double[]) data.get("value");
        double[] z = (double[]) data.get("zscore");
        assertEquals((3 + 2) * 12, ids.length);
        assertEquals("S1", ids[0]);
        assertEquals(0, subset[0]);
        assertEquals("S3", ids[3 * 12]);
        assertEquals(1, subset[3 * 12]);
        int missing = 0;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i].equals("S2") && features[i].equals("g03")) {
                assertTrue(Double.isNaN(values[i]));
                assertTrue(Double.isNaN(z[i]));
                missing++;
            }
        }
        assertEquals(1, missing);
        @SuppressWarnings("unchecked")
        Map<String, Object> stats = (Map<String, Object>) r.get("stats");
        assertEquals(List.of("mean", "feature"), new ArrayList<>(stats.keySet()));
    }

    @Test
    void zeroRowsLeaveNothingForTheSubsets() {
        AnalyticsException e = assertThrows(AnalyticsException.class,
                () -> new HeatmapTask().run(args("variance", 0, List.of())));
        assertEquals("No data match given subsets.", e.getMessage());
    }

    @Test
    void rankingByPValueIsAscendingInP() throws AnalyticsException {
        List<List<String>> two = List.of(List.of("S1", "S2", "S3", "S4", "S5", "S6"), List.of("S7", "S8", "S9"));
        Map<String, Object> r = new HeatmapTask().run(args("P.Value", 12, two));
        @SuppressWarnings("unchecked")
        Map<String, Object> stats = (Map<String, Object>) r.get("stats");
        double[] p = (double[]) stats.get("P.Value");
        for (int i = 1; i < p.length; i++) {
            assertTrue(1 - p[i - 1] >= 1 - p[i]);
        }
        // the two planted features come first
        String[] f = (String[]) stats.get("feature");
        assertEquals(List.of("g01", "g02"), List.of(f[0], f[1]).stream().sorted().toList());
    }
}
