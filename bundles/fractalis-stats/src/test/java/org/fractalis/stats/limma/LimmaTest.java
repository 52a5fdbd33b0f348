package org.fractalis.stats.limma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Behaviour of the limma port on edge cases. The agreement with R limma itself is checked by the golden cases of
 * compute-volcanoplot and compute-heatmap.
 */
class LimmaTest {

    private static double[][] matrix(long seed, int nf, int ns) {
        Random rnd = new Random(seed);
        double[][] m = new double[nf][ns];
        for (int i = 0; i < nf; i++) {
            double mean = 4 + 8 * rnd.nextDouble();
            double sd = 0.2 + rnd.nextDouble();
            for (int j = 0; j < ns; j++) {
                m[i][j] = mean + sd * rnd.nextGaussian() + (i < nf / 10 && j >= ns / 2 ? 2 : 0);
            }
        }
        return m;
    }

    private static int[] identity(int n) {
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            c[i] = i;
        }
        return c;
    }

    private static int[] halves(int n) {
        int[] g = new int[n];
        for (int j = n / 2; j < n; j++) {
            g[j] = 1;
        }
        return g;
    }

    private static double[] drop(double[] a, int index) {
        double[] out = new double[a.length - 1];
        for (int i = 0, k = 0; i < a.length; i++) {
            if (i != index) {
                out[k++] = a[i];
            }
        }
        return out;
    }

    @Test
    void twoGroupTableHasTopTableColumns() throws LimmaException {
        double[][] m = matrix(1, 40, 10);
        LimmaResult r = Limma.groupMeans(m, identity(10), halves(10), 2);
        assertEquals(List.of("logFC", "AveExpr", "t", "P.Value", "adj.P.Val", "B"), List.copyOf(r.topTable().keySet()));
        assertEquals(List.of("group2-group1"), List.of(r.contrastNames()));
        // logFC is group2 minus group1
        double[] logFC = r.topTable().get("logFC");
        double m1 = Arrays.stream(m[0], 0, 5).sum() / 5;
        double m2 = Arrays.stream(m[0], 5, 10).sum() / 5;
        assertEquals(m2 - m1, logFC[0], 1e-12);
    }

    @Test
    void threeGroupTableHasContrastsAndFTest() throws LimmaException {
        double[][] m = matrix(2, 30, 12);
        int[] groups = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2};
        LimmaResult r = Limma.groupMeans(m, identity(12), groups, 3);
        assertEquals(List.of("group3.group1", "group3.group2", "group2.group1", "AveExpr", "F", "P.Value", "adj.P.Val"),
                List.copyOf(r.topTable().keySet()));
        // three pairwise contrasts of three groups have rank 2
        assertEquals(2, r.fDf1());
        double[] f = r.fStat();
        for (double v : f) {
            assertTrue(v >= 0);
        }
    }

    @Test
    void singleContrastFTestIsTheSquaredT() throws LimmaException {
        double[][] m = matrix(3, 60, 16);
        LimmaResult r = Limma.groupMeans(m, identity(16), halves(16), 2);
        double[] t = r.t(0);
        double[] f = r.fStat();
        double[] pt = r.pValue(0);
        double[] pf = r.fPValue();
        for (int i = 0; i < t.length; i++) {
            assertEquals(t[i] * t[i], f[i], 1e-12 * f[i]);
            // no cap on df.total here, so F(1, df) and two-sided t agree
            assertEquals(pt[i], pf[i], 1e-9 * pt[i]);
        }
    }

    @Test
    void allNaNFeatureIsNaNAndDoesNotChangeTheOthers() throws LimmaException {
        double[][] m = matrix(4, 50, 12);
        double[][] withNaN = Arrays.copyOf(m, 51);
        withNaN[50] = m[0].clone();
        double[][] reordered = new double[51][];
        // put the all-NaN feature in the middle
        for (int i = 0, k = 0; i < 51; i++) {
            if (i == 20) {
                double[] nan = new double[12];
                Arrays.fill(nan, Double.NaN);
                reordered[i] = nan;
            } else {
                reordered[i] = m[k++];
            }
        }
        LimmaResult plain = Limma.groupMeans(m, identity(12), halves(12), 2);
        LimmaResult r = Limma.groupMeans(reordered, identity(12), halves(12), 2);
        Map<String, double[]> a = plain.topTable();
        Map<String, double[]> b = r.topTable();
        for (String col : List.of("logFC", "AveExpr", "t", "P.Value", "B")) {
            assertTrue(Double.isNaN(b.get(col)[20]), col);
            assertArrayEquals(a.get(col), drop(b.get(col), 20), 1e-12, col);
        }
        // BH counts only the non-missing p-values
        assertArrayEquals(a.get("adj.P.Val"), drop(b.get("adj.P.Val"), 20), 1e-12);
        assertEquals(0, r.dfResidual()[20]);
        assertEquals(plain.dfPrior(), r.dfPrior(), 1e-12);
    }

    @Test
    void oneSamplePerGroupHasNoResidualDegreesOfFreedom() {
        double[][] m = matrix(5, 10, 2);
        // complete data: R's df check misses its integer zero and stops at the sigma check
        LimmaException e = assertThrows(LimmaException.class,
                () -> Limma.groupMeans(m, identity(2), new int[] {0, 1}, 2));
        assertEquals("No finite residual standard deviations", e.getMessage());
        assertEquals(LimmaException.R_ERROR, e.type());
        // with a missing value the feature-wise fits have numeric df, and the df check stops
        m[4][0] = Double.NaN;
        LimmaException withNaN = assertThrows(LimmaException.class,
                () -> Limma.groupMeans(m, identity(2), new int[] {0, 1}, 2));
        assertEquals("No residual degrees of freedom in linear model fits", withNaN.getMessage());
    }

    @Test
    void featuresWithoutResidualDfBorrowThePriorVariance() throws LimmaException {
        double[][] m = matrix(6, 40, 8);
        // feature 3: one value per group left -> df 0
        for (int j : new int[] {1, 2, 3, 5, 6, 7}) {
            m[3][j] = Double.NaN;
        }
        LimmaResult r = Limma.groupMeans(m, identity(8), halves(8), 2);
        assertEquals(0, r.dfResidual()[3]);
        assertTrue(Double.isNaN(r.sigma2()[3]));
        assertEquals(r.s2Prior(), r.s2Post()[3], 1e-12 * r.s2Prior());
        assertTrue(Double.isFinite(r.t(0)[3]));
        assertEquals(Math.min(r.dfPrior(), 40 * 6 - 6), r.dfTotal()[3], 1e-9);
        assertEquals(m[3][4] - m[3][0], r.coefficients(0)[3], 1e-12);
    }

    @Test
    void aGroupWithoutValuesGivesNaNContrastsButKeepsItsVariance() throws LimmaException {
        double[][] m = matrix(7, 30, 9);
        int[] groups = {0, 0, 0, 1, 1, 1, 2, 2, 2};
        m[5][3] = Double.NaN;
        m[5][4] = Double.NaN;
        m[5][5] = Double.NaN;
        LimmaResult r = Limma.groupMeans(m, identity(9), groups, 3);
        // contrasts: group3-group1, group3-group2, group2-group1
        assertFalse(Double.isNaN(r.coefficients(0)[5]));
        assertTrue(Double.isNaN(r.coefficients(1)[5]));
        assertTrue(Double.isNaN(r.coefficients(2)[5]));
        assertEquals(4, r.dfResidual()[5]);
        assertTrue(Double.isNaN(r.fStat()[5]));
        assertTrue(Double.isNaN(r.topTable().get("adj.P.Val")[5]));
        assertFalse(Double.isNaN(r.topTable().get("AveExpr")[5]));
    }

    @Test
    void aColumnUsedTwiceEqualsACopiedColumn() throws LimmaException {
        double[][] m = matrix(8, 25, 6);
        double[][] copied = new double[25][7];
        for (int i = 0; i < 25; i++) {
            System.arraycopy(m[i], 0, copied[i], 0, 6);
            copied[i][6] = m[i][2];
        }
        int[] groups = {0, 0, 0, 1, 1, 1, 1};
        LimmaResult viaIndex = Limma.groupMeans(m, new int[] {0, 1, 2, 3, 4, 5, 2}, groups, 2);
        LimmaResult viaCopy = Limma.groupMeans(copied, identity(7), groups, 2);
        for (String col : List.of("logFC", "AveExpr", "t", "P.Value", "adj.P.Val", "B")) {
            assertArrayEquals(viaCopy.topTable().get(col), viaIndex.topTable().get(col), 0, col);
        }
    }

    @Test
    void flatAndRowMatricesAgree() throws LimmaException {
        double[][] m = matrix(9, 33, 10);
        double[] flat = new double[33 * 12];
        Arrays.fill(flat, -1e300); // columns 10 and 11 are not used
        for (int i = 0; i < 33; i++) {
            System.arraycopy(m[i], 0, flat, i * 12, 10);
        }
        LimmaResult a = Limma.groupMeans(m, identity(10), halves(10), 2);
        LimmaResult b = Limma.groupMeans(flat, 33, 12, identity(10), halves(10), 2);
        assertArrayEquals(a.topTable().get("B"), b.topTable().get("B"), 0);
        assertArrayEquals(a.topTable().get("t"), b.topTable().get("t"), 0);
    }

    @Test
    void shiftingTheDataOnlyShiftsTheAverage() throws LimmaException {
        double[][] m = matrix(10, 40, 10);
        double[][] shifted = new double[40][10];
        for (int i = 0; i < 40; i++) {
            for (int j = 0; j < 10; j++) {
                shifted[i][j] = m[i][j] + 100;
            }
        }
        LimmaResult a = Limma.groupMeans(m, identity(10), halves(10), 2);
        LimmaResult b = Limma.groupMeans(shifted, identity(10), halves(10), 2);
        assertArrayEquals(a.t(0), b.t(0), 1e-8);
        assertArrayEquals(a.lods(0), b.lods(0), 1e-8);
        double[] ae = a.aveExpr();
        double[] be = b.aveExpr();
        for (int i = 0; i < 40; i++) {
            assertEquals(ae[i] + 100, be[i], 1e-9);
        }
    }

    @Test
    void equalVariancesGiveInfinitePriorDf() throws LimmaException {
        // every feature has exactly the same residuals: no extra variability between features
        int nf = 30;
        double[][] m = new double[nf][8];
        double[] base = {0.3, -0.1, 0.5, -0.7, 0.2, 0.4, -0.9, 0.3};
        for (int i = 0; i < nf; i++) {
            for (int j = 0; j < 8; j++) {
                m[i][j] = base[j] + i + (j >= 4 && i < 3 ? 1 : 0);
            }
        }
        LimmaResult r = Limma.groupMeans(m, identity(8), halves(8), 2);
        assertEquals(Double.POSITIVE_INFINITY, r.dfPrior());
        // df.total is capped at the pooled residual df
        for (double d : r.dfTotal()) {
            assertEquals(nf * 6, d);
        }
        for (double v : r.s2Post()) {
            assertEquals(r.s2Prior(), v, 0);
        }
    }

    @Test
    void aSingleFeatureUsesItsOwnVariance() throws LimmaException {
        double[][] m = {{1.0, 1.4, 0.8, 2.5, 2.9, 3.1}};
        LimmaResult r = Limma.groupMeans(m, identity(6), halves(6), 2);
        assertEquals(0, r.dfPrior());
        assertEquals(r.sigma2()[0], r.s2Post()[0], 0);
        assertEquals(4, r.dfTotal()[0]);
    }

    @Test
    void rejectsInconsistentInput() {
        double[][] m = matrix(11, 5, 4);
        assertThrows(IllegalArgumentException.class, () -> Limma.groupMeans(m, identity(4), new int[] {0, 0, 0, 0}, 2));
        assertThrows(IllegalArgumentException.class, () -> Limma.groupMeans(m, identity(4), new int[] {0, 1}, 2));
        assertThrows(IllegalArgumentException.class, () -> Limma.groupMeans(m, identity(4), new int[] {0, 0, 1, 1}, 1));
    }

    @Test
    void largeInputsRunInParallelWithTheSameResult() throws LimmaException {
        double[][] m = matrix(12, 3000, 100);
        int[] cols = identity(100);
        int[] groups = halves(100);
        LimmaResult r = Limma.groupMeans(m, cols, groups, 2);
        // the same fit computed feature by feature on a small slice
        double[][] slice = Arrays.copyOfRange(m, 0, 3);
        LimmaResult small = Limma.groupMeans(slice, cols, groups, 2);
        assertArrayEquals(small.coefficients(0), Arrays.copyOf(r.coefficients(0), 3), 0);
        assertArrayEquals(small.sigma2(), Arrays.copyOf(r.sigma2(), 3), 0);
    }
}
