package org.fractalis.stats.deseq2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Behaviour of {@link Deseq2} on all-zero rows, outliers, tiny and invalid inputs. */
class Deseq2EdgeCaseTest {

    /** Negative binomial counts (gamma-Poisson) with the mean-dispersion trend 4/mu + 0.1. */
    static double[][] simulate(long seed, int genes, int n0, int n1) {
        Random rnd = new Random(seed);
        int m = n0 + n1;
        double[][] counts = new double[genes][m];
        for (int i = 0; i < genes; i++) {
            double mean = Math.pow(2, 4 + 2 * rnd.nextGaussian());
            double lfc = rnd.nextDouble() < 0.1 ? 2 * rnd.nextGaussian() : 0;
            for (int j = 0; j < m; j++) {
                double mu = mean * (j >= n0 ? Math.pow(2, lfc) : 1);
                double disp = 4 / mu + 0.1;
                counts[i][j] = poisson(rnd, gamma(rnd, 1 / disp) * mu * disp);
            }
        }
        return counts;
    }

    private static double gamma(Random rnd, double shape) {
        // Marsaglia-Tsang
        if (shape < 1) {
            return gamma(rnd, shape + 1) * Math.pow(rnd.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = rnd.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rnd.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    private static double poisson(Random rnd, double lambda) {
        if (lambda > 500) {
            return Math.max(0, Math.rint(lambda + Math.sqrt(lambda) * rnd.nextGaussian()));
        }
        double l = Math.exp(-lambda);
        double p = 1;
        int k = 0;
        do {
            k++;
            p *= rnd.nextDouble();
        } while (p > l);
        return k - 1;
    }

    static int[] conditions(int n0, int n1) {
        int[] c = new int[n0 + n1];
        Arrays.fill(c, n0, n0 + n1, 1);
        return c;
    }

    private static void assertNoInfinities(DeseqResult r) {
        for (double[] col : new double[][] {r.baseMean(), r.log2FoldChange(), r.lfcSE(), r.stat(), r.pvalue(),
            r.padj()}) {
            for (double v : col) {
                assertFalse(Double.isInfinite(v), "no infinite values");
            }
        }
        for (double p : r.pvalue()) {
            assertTrue(Double.isNaN(p) || (p >= 0 && p <= 1), "p-values in [0, 1]");
        }
        for (double p : r.padj()) {
            assertTrue(Double.isNaN(p) || (p >= 0 && p <= 1), "adjusted p-values in [0, 1]");
        }
    }

    @Test
    void allZeroRowsAreNaExceptBaseMeanAndDoNotChangeOtherGenes() throws Exception {
        double[][] counts = simulate(1, 300, 4, 4);
        int[] cond = conditions(4, 4);
        DeseqResult without = Deseq2.run(counts, cond);
        double[][] withZeros = new double[counts.length + 3][];
        withZeros[0] = new double[8];
        System.arraycopy(counts, 0, withZeros, 1, 150);
        withZeros[151] = new double[8];
        System.arraycopy(counts, 150, withZeros, 152, 150);
        withZeros[302] = new double[8];
        DeseqResult with = Deseq2.run(withZeros, cond);
        for (int zero : new int[] {0, 151, 302}) {
            assertEquals(0.0, with.baseMean()[zero]);
            assertTrue(Double.isNaN(with.log2FoldChange()[zero]));
            assertTrue(Double.isNaN(with.lfcSE()[zero]));
            assertTrue(Double.isNaN(with.stat()[zero]));
            assertTrue(Double.isNaN(with.pvalue()[zero]));
            assertTrue(Double.isNaN(with.padj()[zero]));
            assertTrue(Double.isNaN(with.dispersion()[zero]));
        }
        assertArrayEquals(without.sizeFactors(), with.sizeFactors(), 0.0);
        double[] lfcWith = with.log2FoldChange();
        double[] lfcWithout = without.log2FoldChange();
        double[] pWith = with.pvalue();
        double[] pWithout = without.pvalue();
        for (int i = 0; i < counts.length; i++) {
            int j = i < 150 ? i + 1 : i + 2;
            assertEquals(lfcWithout[i], lfcWith[j], 0.0);
            assertEquals(pWithout[i], pWith[j], 0.0);
        }
        assertNoInfinities(with);
    }

    @Test
    void singleOutlierCountRemovesThePValueWithSixReplicates() throws Exception {
        double[][] counts = simulate(2, 400, 6, 6);
        double[] gene = {100, 95, 110, 105, 98, 102, 97, 101, 99, 104, 103, 100};
        counts[7] = gene.clone();
        counts[7][3] = 5000;
        DeseqResult r = Deseq2.run(counts, conditions(6, 6));
        assertTrue(Double.isNaN(r.pvalue()[7]), "Cook's distance outlier gets pvalue NA");
        assertTrue(Double.isNaN(r.padj()[7]));
        assertTrue(Double.isFinite(r.log2FoldChange()[7]), "the fold change is still reported");
        assertTrue(Double.isFinite(r.stat()[7]));
        assertNoInfinities(r);
    }

    @Test
    void outlierIsReplacedAndRefittedWithSevenReplicates() throws Exception {
        double[][] counts = simulate(3, 400, 7, 7);
        double[] gene = {100, 95, 110, 105, 98, 102, 97, 101, 99, 104, 103, 100, 96, 108};
        counts[5] = gene.clone();
        counts[5][2] = 5000;
        DeseqResult r = Deseq2.run(counts, conditions(7, 7));
        assertTrue(Double.isFinite(r.pvalue()[5]), "with 7 replicates the outlier is replaced, not filtered");
        // the replaced count brings the gene back to no difference
        assertTrue(Math.abs(r.log2FoldChange()[5]) < 0.5, "fold change after replacing the outlier");
        assertTrue(r.pvalue()[5] > 0.05);
        assertNoInfinities(r);
    }

    @Test
    void tinyInputsDoNotThrow() throws Exception {
        double[][] threeGenes = {{10, 20, 30, 40}, {5, 8, 3, 9}, {100, 120, 90, 300}};
        DeseqResult r = Deseq2.run(threeGenes, conditions(2, 2));
        assertEquals(3, r.size());
        assertNoInfinities(r);
        for (double l : r.log2FoldChange()) {
            assertTrue(Double.isFinite(l));
        }
        double[][] twoVsOne = {{10, 20, 30}, {5, 8, 3}, {100, 120, 90}, {7, 0, 4}, {50, 60, 10}};
        assertNoInfinities(Deseq2.run(twoVsOne, conditions(2, 1)));
        double[][] oneVsThree = simulate(4, 50, 1, 3);
        assertNoInfinities(Deseq2.run(oneVsThree, conditions(1, 3)));
    }

    @Test
    void zerosInOneConditionGiveLargeButFiniteFoldChanges() throws Exception {
        double[][] counts = simulate(5, 200, 3, 3);
        counts[0] = new double[] {0, 0, 0, 40, 55, 61};
        counts[1] = new double[] {358, 0, 12, 0, 0, 0};
        counts[2] = new double[] {0, 0, 1, 0, 0, 0};
        DeseqResult r = Deseq2.run(counts, conditions(3, 3));
        assertTrue(r.log2FoldChange()[0] > 5);
        assertTrue(r.log2FoldChange()[1] < -5);
        for (int i = 0; i < 3; i++) {
            assertTrue(Double.isFinite(r.log2FoldChange()[i]));
            assertTrue(Double.isFinite(r.lfcSE()[i]));
        }
        assertNoInfinities(r);
    }

    /** Up to the convergence tolerances of the iterative fits, which follow another path after the swap. */
    @Test
    void swappingTheConditionsNegatesTheFoldChange() throws Exception {
        double[][] counts = simulate(6, 300, 4, 5);
        int[] cond = conditions(4, 5);
        int[] swapped = new int[cond.length];
        for (int j = 0; j < cond.length; j++) {
            swapped[j] = 1 - cond[j];
        }
        DeseqResult a = Deseq2.run(counts, cond);
        DeseqResult b = Deseq2.run(counts, swapped);
        for (int i = 0; i < counts.length; i++) {
            assertEquals(-a.log2FoldChange()[i], b.log2FoldChange()[i], 1e-4 * (1 + Math.abs(a.log2FoldChange()[i])));
            assertEquals(a.lfcSE()[i], b.lfcSE()[i], 1e-4 * a.lfcSE()[i]);
        }
    }

    @Test
    void resultsAreDeterministic() throws Exception {
        double[][] counts = simulate(7, 2000, 3, 3);
        DeseqResult a = Deseq2.run(counts, conditions(3, 3));
        DeseqResult b = Deseq2.run(counts, conditions(3, 3));
        assertArrayEquals(a.log2FoldChange(), b.log2FoldChange(), 0.0);
        assertArrayEquals(a.padj(), b.padj(), 0.0);
    }

    @Test
    void inputsThatRStopsOnThrowDeseq2Exception() {
        int[] cond = conditions(3, 3);
        double[][] allWithZero = {{0, 1, 2, 3, 4, 5}, {5, 0, 3, 2, 1, 1}};
        Deseq2Exception e = assertThrows(Deseq2Exception.class, () -> Deseq2.run(allWithZero, cond));
        assertEquals("every gene contains at least one zero, cannot compute log geometric means", e.getMessage());
        assertThrows(Deseq2Exception.class, () -> Deseq2.run(new double[0][], cond));
        double[][] constant = {{10, 10, 10, 10, 10, 10}, {20, 20, 20, 20, 20, 20}};
        assertTrue(assertThrows(Deseq2Exception.class, () -> Deseq2.run(constant, cond)).getMessage()
                .startsWith("all gene-wise dispersion estimates are within 2 orders of magnitude"));
        double[][] twoSamples = {{10, 20}, {30, 40}};
        assertThrows(Deseq2Exception.class, () -> Deseq2.run(twoSamples, conditions(1, 1)));
        assertThrows(Deseq2Exception.class, () -> Deseq2.run(new double[][] {{1, 2, 3}}, new int[] {0, 0, 0}));
        assertEquals("some values in assay are not integers", assertThrows(Deseq2Exception.class,
                () -> Deseq2.run(new double[][] {{1, 2.5, 3, 4, 5, 6}}, cond)).getMessage());
        assertEquals("some values in assay are negative", assertThrows(Deseq2Exception.class,
                () -> Deseq2.run(new double[][] {{1, -2, 3, 4, 5, 6}}, cond)).getMessage());
        assertEquals("NA values are not allowed in the count matrix", assertThrows(Deseq2Exception.class,
                () -> Deseq2.run(new double[][] {{1, Double.NaN, 3, 4, 5, 6}}, cond)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Deseq2.run(new double[][] {{1, 2, 3}}, new int[] {0, 2, 1}));
        assertThrows(IllegalArgumentException.class, () -> Deseq2.run(new double[][] {{1, 2}}, new int[] {0, 1, 1}));
    }
}
