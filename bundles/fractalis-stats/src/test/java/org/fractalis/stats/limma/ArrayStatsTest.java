package org.fractalis.stats.limma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.fractalis.stats.prep.Pivot;
import org.fractalis.stats.prep.RowTable;
import org.junit.jupiter.api.Test;

/** Row statistics, the limma adapter and the shared pre-processing of the array analytics. */
class ArrayStatsTest {

    /** features f1..fn x ids P1..Pm with values v[f][i] (NaN = missing cell). */
    private static Pivot pivot(double[][] v) throws AnalyticsException {
        RowTable.Builder b = RowTable.builder();
        for (int f = 0; f < v.length; f++) {
            for (int i = 0; i < v[f].length; i++) {
                if (!Double.isNaN(v[f][i])) {
                    b.add("P" + (i + 1), "f" + (f + 1), v[f][i]);
                }
            }
        }
        return Pivot.of(b.build());
    }

    @Test
    void rowStatisticsSkipOrPropagateNaNAsPandasAndNumpy() throws AnalyticsException {
        Pivot p = pivot(new double[][] {{1, 2, 4, 7}, {3, Double.NaN, 5, 10}, {Double.NaN, Double.NaN, 2, Double.NaN}});
        StatsTable mean = ArrayStats.mean(p);
        assertEquals(List.of("mean", "feature"), mean.columns());
        assertArrayEquals(new double[] {3.5, 6, 2}, mean.column("mean"), 1e-15);
        StatsTable var = ArrayStats.variance(p);
        assertArrayEquals(new double[] {5.25, 26.0 / 3, 0}, var.column("variance"), 1e-14);
        StatsTable med = ArrayStats.median(p);
        double[] m = med.column("median");
        assertEquals(3, m[0]);
        assertTrue(Double.isNaN(m[1]));
        assertTrue(Double.isNaN(m[2]));
        assertArrayEquals(new String[] {"f1", "f2", "f3"}, mean.features());
    }

    @Test
    void pairwiseSumIsNumpysBlockedSum() {
        Random rnd = new Random(3);
        for (int n : new int[] {0, 1, 7, 8, 9, 127, 128, 129, 300, 1000}) {
            double[] a = new double[n];
            BigDecimal exact = BigDecimal.ZERO;
            for (int i = 0; i < n; i++) {
                a[i] = rnd.nextGaussian() * 1e3;
                exact = exact.add(new BigDecimal(a[i]));
            }
            assertEquals(exact.doubleValue(), ArrayStats.pairwiseSum(a, 0, n), 1e-9);
        }
        // below 8 values the sum is sequential
        double[] small = {0.1, 0.2, 0.3};
        assertEquals(0.1 + 0.2 + 0.3, ArrayStats.pairwiseSum(small, 0, 3));
    }

    @Test
    void zScoresUsePopulationSdAndNullForConstantRows() throws AnalyticsException {
        Pivot p = pivot(new double[][] {{1, 2, 3, Double.NaN}, {5, 5, 5, 5}});
        double[] z = ArrayStats.zScores(p, 0);
        double sd = Math.sqrt(2.0 / 3);
        assertArrayEquals(new double[] {-1 / sd, 0, 1 / sd}, java.util.Arrays.copyOf(z, 3), 1e-15);
        assertTrue(Double.isNaN(z[3]));
        for (double v : ArrayStats.zScores(p, 1)) {
            assertTrue(Double.isNaN(v));
        }
    }

    @Test
    void limmaNeedsTwoSubsetsAndTwoColumns() throws AnalyticsException {
        Pivot p = pivot(new double[][] {{1, 2, 4, 7}, {3, 4, 5, 10}});
        AnalyticsException one = assertThrows(AnalyticsException.class,
                () -> ArrayStats.limma(p, List.of(List.of("P1", "P2", "P3", "P4"))));
        assertEquals("ValueError", one.type());
        assertEquals(ArrayStats.LIMMA_GROUPS, one.getMessage());
        Pivot narrow = pivot(new double[][] {{1}});
        AnalyticsException size = assertThrows(AnalyticsException.class,
                () -> ArrayStats.limma(narrow, List.of(List.of("P1"), List.of("P1"))));
        assertEquals(ArrayStats.LIMMA_SIZE, size.getMessage());
        // an empty subset: R cannot build a one-level design; with two levels left rpy2 rejects the names
        AnalyticsException empty = assertThrows(AnalyticsException.class,
                () -> ArrayStats.limma(p, List.of(List.of("P1", "P2"), List.of())));
        assertEquals(LimmaException.R_ERROR, empty.type());
        AnalyticsException names = assertThrows(AnalyticsException.class,
                () -> ArrayStats.limma(p, List.of(List.of("P1", "P2"), List.of(), List.of("P3", "P4"))));
        assertEquals("ValueError", names.type());
        assertEquals("Invalid length.", names.getMessage());
        AnalyticsException df = assertThrows(AnalyticsException.class,
                () -> ArrayStats.limma(p, List.of(List.of("P1"), List.of("P2"))));
        assertEquals(LimmaException.R_ERROR, df.type());
        assertEquals("No finite residual standard deviations", df.getMessage());
    }

    @Test
    void limmaTableStartsWithTheFeatures() throws AnalyticsException {
        Random rnd = new Random(4);
        double[][] v = new double[20][8];
        for (double[] row : v) {
            for (int i = 0; i < 8; i++) {
                row[i] = 5 + rnd.nextGaussian();
            }
        }
        Pivot p = pivot(v);
        // an id in both subsets is used twice
        StatsTable t = ArrayStats.limma(p, List.of(List.of("P1", "P2", "P3", "P4"), List.of("P4", "P5", "P6", "P7")));
        assertEquals(List.of("feature", "logFC", "AveExpr", "t", "P.Value", "adj.P.Val", "B"), t.columns());
        Map<String, Object> json = t.toJson(new int[] {2, 0});
        assertArrayEquals(new String[] {p.feature(2), p.feature(0)}, (String[]) json.get("feature"));
        // AveExpr is over the samples used, P4 counted twice
        double expected = (v[0][0] + v[0][1] + v[0][2] + 2 * v[0][3] + v[0][4] + v[0][5] + v[0][6]) / 8;
        assertEquals(expected, t.column("AveExpr")[0], 1e-12);
    }

    @Test
    void unknownMethodIsNotImplemented() throws AnalyticsException {
        Pivot p = pivot(new double[][] {{1, 2}});
        AnalyticsException e = assertThrows(AnalyticsException.class, () -> ArrayStats.compute(p, List.of(), "t-test"));
        assertEquals("NotImplementedError", e.type());
        assertEquals("Static method unknown: t-test", e.getMessage());
    }

    private static Frame frame(String[][] rows) {
        Frame.Builder b = Frame.builder(DataKind.NUMERICAL_ARRAY);
        for (String[] r : rows) {
            b.add(r[0], r[1], Double.parseDouble(r[2]));
        }
        return b.build();
    }

    @Test
    void prepareFiltersSubsetsAndIdsAndKeepsEmptySubsets() throws AnalyticsException {
        Frame a = frame(new String[][] {{"P2", "g1", "1"}, {"P1", "g1", "2"}, {"P3", "g1", "3"}, {"P10", "g2", "4"}});
        Frame b = frame(new String[][] {{"P1", "h1", "5"}, {"P4", "h1", "6"}});
        ArrayData d = ArrayData.prepare(List.of(a, b), List.of("P1", "P2", "P10", "P4"),
                List.of(List.of("P1", "P10", "X"), List.of("P3"), List.of("P2", "P4")));
        // P3 is removed by the id filter: its subset stays, empty
        assertEquals(List.of(List.of("P1", "P10"), List.of(), List.of("P2", "P4")), d.subsets());
        assertArrayEquals(new String[] {"P1", "P10", "P2", "P4"}, d.pivot().ids());
        assertArrayEquals(new String[] {"g1", "g2", "h1"}, d.pivot().features());
        assertTrue(Double.isNaN(d.pivot().get(1, 0)));

        ArrayData all = ArrayData.prepare(List.of(a), List.of(), List.of());
        assertEquals(1, all.subsets().size());
        assertEquals(4, all.subsets().get(0).size());

        AnalyticsException none = assertThrows(AnalyticsException.class,
                () -> ArrayData.prepare(List.of(a), List.of(), List.of(List.of("Q1"), List.of("Q2"))));
        assertEquals(ArrayData.NO_DATA, none.getMessage());
        AnalyticsException empty = assertThrows(AnalyticsException.class,
                () -> ArrayData.prepare(List.of(a), List.of(), List.of(List.of(), List.of())));
        assertEquals(ArrayData.NO_DATA, empty.getMessage());
    }
}
