package org.fractalis.stats.pca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class PcaTest {

    private static double[][] randomData(int n, int p, long seed) {
        Random r = new Random(seed);
        double[][] mix = new double[p][p];
        for (double[] row : mix) {
            for (int j = 0; j < p; j++) {
                row[j] = r.nextGaussian();
            }
        }
        double[][] x = new double[n][p];
        for (int i = 0; i < n; i++) {
            double[] z = new double[p];
            for (int j = 0; j < p; j++) {
                z[j] = r.nextGaussian() * (j + 1);
            }
            for (int j = 0; j < p; j++) {
                double s = 5.0 * j;
                for (int q = 0; q < p; q++) {
                    s += z[q] * mix[q][j];
                }
                x[i][j] = s;
            }
        }
        return x;
    }

    private static double[][] centred(double[][] x) {
        int n = x.length;
        int p = x[0].length;
        double[][] c = new double[n][p];
        for (int j = 0; j < p; j++) {
            double m = 0;
            for (double[] row : x) {
                m += row[j];
            }
            m /= n;
            for (int i = 0; i < n; i++) {
                c[i][j] = x[i][j] - m;
            }
        }
        return c;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Properties every PCA must have: orthonormal axes, scores = Xc·axes, SVD reconstruction, sign rule. */
    private static void assertValidPca(double[][] x, PcaResult r, int nonDegenerate) {
        int n = x.length;
        int p = x[0].length;
        int k = Math.min(n, p);
        assertEquals(k, r.componentCount());
        double[][] xc = centred(x);
        double scale = 0;
        for (double[] row : xc) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int c = 0; c < nonDegenerate; c++) {
            assertEquals(1.0, dot(r.components()[c], r.components()[c]), 1e-10, "unit axis " + c);
            for (int d = 0; d < c; d++) {
                assertEquals(0.0, dot(r.components()[c], r.components()[d]), 1e-10, "orthogonal " + c + "/" + d);
            }
            for (int i = 0; i < n; i++) {
                assertEquals(dot(xc[i], r.components()[c]), r.scores()[c][i], 1e-9 * scale * Math.sqrt(p),
                        "score " + c + "," + i);
            }
            // u-based sign rule: the largest |score| is positive
            double[] sc = r.scores()[c];
            int arg = 0;
            for (int i = 1; i < n; i++) {
                if (Math.abs(sc[i]) > Math.abs(sc[arg])) {
                    arg = i;
                }
            }
            assertTrue(sc[arg] > 0, "sign rule " + c);
            assertEquals(dot(sc, sc) / (n - 1), r.explainedVariance()[c], 1e-9 * r.explainedVariance()[0]);
        }
        for (int c = 1; c < k; c++) {
            assertTrue(r.explainedVariance()[c] <= r.explainedVariance()[c - 1] * (1 + 1e-12));
        }
        double sum = 0;
        for (double v : r.explainedVarianceRatio()) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-12);
        // reconstruction Xc = Σ scores ⊗ components
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                double s = 0;
                for (int c = 0; c < k; c++) {
                    s += r.scores()[c][i] * r.components()[c][j];
                }
                assertEquals(xc[i][j], s, 1e-9 * scale, "reconstruction " + i + "," + j);
            }
        }
    }

    @Test
    void moreSamplesThanFeatures() {
        double[][] x = randomData(60, 8, 1);
        assertValidPca(x, Pca.fit(x, false), 8);
    }

    @Test
    void fewerSamplesThanFeaturesHasOneDegenerateComponent() {
        double[][] x = randomData(8, 12, 2);
        PcaResult r = Pca.fit(x, false);
        assertValidPca(x, r, 7);
        // centring leaves rank n−1: the last component is numerically zero
        for (double v : r.scores()[7]) {
            assertEquals(0.0, v, 1e-9);
        }
        for (double v : r.loadings()[7]) {
            assertEquals(0.0, v, 1e-9);
        }
        assertEquals(0.0, r.explainedVarianceRatio()[7], 1e-12);
    }

    @Test
    void manyFeaturesGoThroughTheSampleGram() {
        double[][] x = randomData(40, 300, 3);
        assertValidPca(x, Pca.fit(x, false), 39);
    }

    /** Runs the PCA with the plain kernels (the Vector API ones are the default where available). */
    private static PcaResult fitPlain(double[][] x, boolean whiten) {
        String old = System.setProperty(Kernels.PROPERTY, "false");
        try {
            return Pca.fit(x, whiten);
        } finally {
            if (old == null) {
                System.clearProperty(Kernels.PROPERTY);
            } else {
                System.setProperty(Kernels.PROPERTY, old);
            }
        }
    }

    @Test
    void moreThan128ComponentsGoThroughTheGramWithEitherKernels() {
        // wide (Gram of the samples) and tall (Gram of the features)
        for (int[] dims : new int[][] {{150, 260}, {300, 140}}) {
            double[][] x = randomData(dims[0], dims[1], 8);
            int k = Math.min(dims[0], dims[1]);
            int nonDegenerate = dims[0] <= dims[1] ? k - 1 : k;
            PcaResult plain = fitPlain(x, true);
            PcaResult fast = Pca.fit(x, true);
            assertValidPca(x, Pca.fit(x, false), nonDegenerate);
            double[] ev = plain.explainedVariance();
            for (int c = 0; c < nonDegenerate; c++) {
                // the Gram route resolves a direction only to about ε·σ₀²/σ_c²: rounding differs between the kernels
                double tol = 1e-10 + 1e-14 * ev[0] / ev[c];
                assertArrayEquals(plain.scores()[c], fast.scores()[c], tol, "scores " + c);
                assertArrayEquals(plain.components()[c], fast.components()[c], tol, "components " + c);
            }
            assertArrayEquals(plain.explainedVarianceRatio(), fast.explainedVarianceRatio(), 1e-12);
        }
    }

    @Test
    void loadingsAreMinusComponentsTimesSqrtVariance() {
        double[][] x = randomData(30, 4, 4);
        PcaResult r = Pca.fit(x, false);
        double[][] l = r.loadings();
        for (int c = 0; c < 4; c++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(-r.components()[c][j] * Math.sqrt(r.explainedVariance()[c]), l[c][j], 1e-15);
            }
        }
    }

    @Test
    void whiteningGivesUnitVarianceAndKeepsZeroComponents() {
        double[][] x = randomData(5, 9, 5);
        PcaResult plain = Pca.fit(x, false);
        PcaResult white = Pca.fit(x, true);
        for (int c = 0; c < 4; c++) {
            double[] sc = white.scores()[c];
            assertEquals(1.0, dot(sc, sc) / 4, 1e-9);
            for (int i = 0; i < 5; i++) {
                assertEquals(plain.scores()[c][i] / Math.sqrt(plain.explainedVariance()[c]), sc[i], 1e-12);
            }
        }
        for (double v : white.scores()[4]) {
            assertEquals(0.0, v, 1e-9, "the zero-variance component is not divided by ~0");
        }
    }

    @Test
    void inputIsNotModified() {
        double[][] x = randomData(10, 3, 6);
        double[][] copy = new double[10][];
        for (int i = 0; i < 10; i++) {
            copy[i] = x[i].clone();
        }
        Pca.fit(x, true);
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(copy[i], x[i]);
        }
    }

    @Test
    void imputationUsesColumnMedians() {
        double nan = Double.NaN;
        double[][] x = {
            {1, nan, nan},
            {2, 10, nan},
            {nan, 30, nan},
            {7, 20, nan},
            {4, 40, nan},
        };
        int[] empty = Pca.imputeColumnMedians(x);
        assertArrayEquals(new int[] {2}, empty);
        assertEquals(3.0, x[2][0], 0.0); // median of 1,2,4,7 = (2+4)/2
        assertEquals(25.0, x[0][1], 0.0); // median of 10,20,30,40
        assertEquals(7.0, x[3][0], 0.0); // observed values stay
        assertTrue(Double.isNaN(x[0][2]));
    }

    @Test
    void featureMajorFitEqualsSampleMajorFit() {
        for (int[] dims : new int[][] {{12, 5}, {6, 20}}) {
            double[][] x = randomData(dims[0], dims[1], 7);
            double[][] features = new double[dims[1]][dims[0]];
            for (int i = 0; i < dims[0]; i++) {
                for (int j = 0; j < dims[1]; j++) {
                    features[j][i] = x[i][j];
                }
            }
            PcaResult a = Pca.fit(x, true);
            PcaResult b = Pca.fitFeatureMajor(features, true);
            for (int c = 0; c < Math.min(dims[0], dims[1]) - 1; c++) {
                assertArrayEquals(a.scores()[c], b.scores()[c], 1e-12);
                assertArrayEquals(a.components()[c], b.components()[c], 1e-12);
            }
            assertArrayEquals(a.explainedVarianceRatio(), b.explainedVarianceRatio(), 1e-15);
        }
    }

    @Test
    void twoSymmetricSamplesGetThePositiveSignOnTheFirst() {
        double[][] x = {{1.3, 7.1, -2.2}, {0.7, 2.9, 5.2}};
        PcaResult r = Pca.fit(x, false);
        assertEquals(1, r.componentCount() - 1); // the second component is degenerate
        assertTrue(r.scores()[0][0] > 0 && r.scores()[0][1] < 0);
        assertEquals(-r.scores()[0][0], r.scores()[0][1], 1e-12);
    }

    /** Orthonormal columns (as rows of the result), optionally orthogonal to the all-ones vector. */
    private static double[][] orthonormal(int count, int length, boolean centred, Random r) {
        double[][] q = new double[count][length];
        for (int c = 0; c < count; c++) {
            double[] v = q[c];
            for (int i = 0; i < length; i++) {
                v[i] = r.nextGaussian();
            }
            for (int pass = 0; pass < 2; pass++) {
                if (centred) {
                    double m = 0;
                    for (double d : v) {
                        m += d;
                    }
                    m /= length;
                    for (int i = 0; i < length; i++) {
                        v[i] -= m;
                    }
                }
                for (int d = 0; d < c; d++) {
                    double proj = dot(v, q[d]);
                    for (int i = 0; i < length; i++) {
                        v[i] -= proj * q[d][i];
                    }
                }
            }
            double norm = Math.sqrt(dot(v, v));
            for (int i = 0; i < length; i++) {
                v[i] /= norm;
            }
        }
        return q;
    }

    @Test
    void smallComponentsStayAccurateWhenScalesDiffer() {
        // X = U·diag(s)·Vᵀ with singular values from 1e5 down to 1e-2: a Gram matrix would lose the small ones
        for (int[] dims : new int[][] {{60, 8}, {9, 40}}) {
            int n = dims[0];
            int p = dims[1];
            int k = Math.min(n, p) - (n <= p ? 1 : 0); // centring costs one dimension when n ≤ p
            Random r = new Random(42);
            double[][] u = orthonormal(k, n, true, r);
            double[][] v = orthonormal(k, p, false, r);
            double[] s = new double[k];
            for (int c = 0; c < k; c++) {
                s[c] = Math.pow(10, 5 - 7.0 * c / (k - 1));
            }
            double[][] x = new double[n][p];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < p; j++) {
                    double sum = 100.0 * j;
                    for (int c = 0; c < k; c++) {
                        sum += u[c][i] * s[c] * v[c][j];
                    }
                    x[i][j] = sum;
                }
            }
            PcaResult res = Pca.fit(x, false);
            for (int c = 0; c < k; c++) {
                double sc = Math.sqrt(res.explainedVariance()[c] * (n - 1));
                assertEquals(s[c], sc, 1e-6 * s[c] + 1e-9, "singular value " + c);
                double cos = Math.abs(dot(res.components()[c], v[c]));
                assertEquals(1.0, cos, 1e-8, "direction of component " + c);
            }
        }
    }

    @Test
    void featureMedianImputation() {
        double nan = Double.NaN;
        double[][] features = {{1, nan, 2, 7, 4}, {nan, nan}, {3, 3}};
        assertArrayEquals(new int[] {1}, Pca.imputeFeatureMedians(features));
        assertArrayEquals(new double[] {1, 3, 2, 7, 4}, features[0], 0.0);
        assertArrayEquals(new double[] {3, 3}, features[2], 0.0);
    }

    @Test
    void tooFewSamplesFail() {
        assertThrows(IllegalArgumentException.class, () -> Pca.fit(new double[][] {{1, 2}}, false));
        assertThrows(IllegalArgumentException.class, () -> Pca.fit(new double[][] {{1, Double.NaN}, {2, 3}}, false));
    }
}
