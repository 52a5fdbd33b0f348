package org.fractalis.stats.pca;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

    /** A·v = λ·v for every pair, orthonormal vectors, λ decreasing and equal to Commons Math's eigenvalues. */
    private static void assertDecomposes(double[][] a) {
        assertDecomposes(a, true);
    }

    private static double[] assertDecomposes(double[][] a, boolean compareWithCommonsMath) {
        int n = a.length;
        SymmetricEigen eig = SymmetricEigen.of(a);
        double[] lambda = eig.values();
        double[][] v = eig.vectorRows();
        double norm = 0;
        for (double[] row : a) {
            for (double x : row) {
                norm = Math.max(norm, Math.abs(x));
            }
        }
        double tol = 1e-13 * Math.max(norm, Double.MIN_NORMAL) * n;
        for (int c = 0; c < n; c++) {
            if (c > 0) {
                assertEquals(true, lambda[c] <= lambda[c - 1], "sorted");
            }
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int t = 0; t < n; t++) {
                    s += a[i][t] * v[c][t];
                }
                assertEquals(lambda[c] * v[c][i], s, tol, "residual of pair " + c);
            }
            for (int d = 0; d <= c; d++) {
                double s = 0;
                for (int t = 0; t < n; t++) {
                    s += v[c][t] * v[d][t];
                }
                assertEquals(c == d ? 1.0 : 0.0, s, 1e-13 * n, "orthonormal " + c + "/" + d);
            }
        }
        if (compareWithCommonsMath) {
            double[] ref = new EigenDecomposition(new Array2DRowRealMatrix(a, true)).getRealEigenvalues();
            Arrays.sort(ref);
            for (int c = 0; c < n; c++) {
                assertEquals(ref[n - 1 - c], lambda[c], tol, "eigenvalue " + c);
            }
        }
        return lambda;
    }

    private static double[][] gram(int n, int p, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[p][n];
        for (double[] f : x) {
            for (int i = 0; i < n; i++) {
                f[i] = r.nextGaussian() * (1 + i % 5);
            }
        }
        return Gram.scalarOf(x, n);
    }

    @Test
    void randomGramMatricesOfManySizes() {
        for (int n : new int[] {1, 2, 3, 7, 64, 200}) {
            assertDecomposes(gram(n, n + 10, n));
        }
    }

    @Test
    void rankDeficientAndRepeatedEigenvalues() {
        // rank 40: 140 zero eigenvalues (Commons Math's EigenDecomposition does not converge on this one)
        double[] lambda = assertDecomposes(gram(180, 40, 11), false);
        assertEquals(true, lambda[39] > 1e-3 * lambda[0]);
        assertEquals(0.0, lambda[40], 1e-12 * lambda[0]);
        assertEquals(0.0, lambda[179], 1e-12 * lambda[0]);
        int n = 170;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            a[i][i] = i % 3; // 0, 1, 2 repeated, already diagonal
        }
        assertDecomposes(a);
        double[][] ones = new double[n][n];
        for (double[] row : ones) {
            Arrays.fill(row, 1.0); // one eigenvalue n, the rest 0
        }
        assertDecomposes(ones);
        assertDecomposes(new double[n][n]);
    }

    @Test
    void tridiagonalAndGradedMatrices() {
        int n = 190;
        double[][] t = new double[n][n];
        double[][] g = new double[n][n];
        Random r = new Random(5);
        for (int i = 0; i < n; i++) {
            t[i][i] = 2;
            if (i > 0) {
                t[i][i - 1] = -1;
                t[i - 1][i] = -1;
            }
            for (int j = 0; j <= i; j++) {
                double x = r.nextGaussian() * Math.pow(10, -(i + j) / 40.0);
                g[i][j] = x;
                g[j][i] = x;
            }
        }
        assertDecomposes(t);
        assertDecomposes(g);
    }
}
