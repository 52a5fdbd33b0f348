package org.fractalis.stats.pca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The Vector API kernels against the plain ones, on shapes that are not multiples of their blocks. */
class GramTest {

    private static double[][] random(int rows, int cols, Random r) {
        double[][] x = new double[rows][cols];
        for (double[] row : x) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return x;
    }

    @Test
    void vectorModuleIsPresentExactlyWhenTheBuildSaysSo() {
        // surefire runs this class twice: with --add-modules jdk.incubator.vector and without
        String expected = System.getProperty("fractalis.test.vectorModule");
        assumeTrue(expected != null, "not run by the build");
        assertEquals(Boolean.parseBoolean(expected), Kernels.vectorAvailable());
    }

    @Test
    void vectorKernelsAgreeWithPlainOnes() {
        assumeTrue(Kernels.vectorAvailable(), "no jdk.incubator.vector in this JVM");
        Random r = new Random(3);
        for (int[] dims : new int[][] {{1, 1}, {3, 5}, {37, 301}, {37, 1001}, {130, 29}, {257, 50}, {1100, 12}}) {
            int m = dims[0];
            int count = dims[1];
            double[][] l = random(count, m, r);
            double[][] plain = Gram.scalarOf(l, m);
            double[][] vec = VectorKernels.of(l, m);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    assertEquals(plain[i][j], vec[i][j], 1e-12 * count, "gram " + m + "x" + count);
                }
            }
            int k = Math.max(1, m - 2);
            double[][] basis = random(k, m, r);
            double[][] e = new double[m][k];
            for (int c = 0; c < k; c++) {
                for (int t = 0; t < m; t++) {
                    e[t][c] = basis[c][t];
                }
            }
            double[][] p1 = Gram.scalarProject(l, e, m, k);
            double[][] p2 = VectorKernels.project(l, basis, m, k);
            for (int c = 0; c < k; c++) {
                for (int q = 0; q < count; q++) {
                    assertEquals(p1[c][q], p2[c][q], 1e-12 * m, "project " + m + "x" + count);
                }
            }
        }
    }
}
