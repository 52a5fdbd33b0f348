package org.fractalis.stats.pca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The leading components (maxComponents, truncated solver) against the full decomposition of the same data: the
 * first k components of the full PCA, to 1e-9 relative as the golden cases demand.
 */
class PcaTruncatedTest {

    /**
     * Features × samples: a feature mean, {@code rank} planted directions of decreasing strength (ratio 0.7 from
     * one to the next, starting at 10) and Gaussian noise of SD {@code noise}.
     */
    static double[][] lowRankPlusNoise(int n, int p, int rank, double noise, long seed) {
        Random r = new Random(seed);
        double[][] u = new double[rank][n];
        double[][] v = new double[rank][p];
        for (int c = 0; c < rank; c++) {
            for (int i = 0; i < n; i++) {
                u[c][i] = r.nextGaussian();
            }
            for (int j = 0; j < p; j++) {
                v[c][j] = r.nextGaussian();
            }
        }
        double[][] x = new double[p][n];
        for (int j = 0; j < p; j++) {
            double mean = 5 + 3 * r.nextGaussian();
            for (int i = 0; i < n; i++) {
                double s = mean + noise * r.nextGaussian();
                double strength = 10;
                for (int c = 0; c < rank; c++) {
                    s += strength * u[c][i] * v[c][j];
                    strength *= 0.7;
                }
                x[j][i] = s;
            }
        }
        return x;
    }

    static double[][] copy(double[][] x) {
        double[][] c = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            c[i] = x[i].clone();
        }
        return c;
    }

    /** Relative agreement of two vectors: max |a − b| over max |b|. */
    static double relDiff(double[] a, double[] b) {
        double d = 0;
        double scale = 0;
        for (int i = 0; i < b.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return scale == 0 ? d : d / scale;
    }

    /** The first k components of {@code got} equal those of {@code full} (signs follow the same rule). */
    static void assertLeadingEqual(PcaResult full, PcaResult got, int k, double tol) {
        int count = got.componentCount();
        assertTrue(count >= k);
        assertEquals(count, got.scores().length);
        assertEquals(count, got.components().length);
        assertEquals(count, got.explainedVarianceRatio().length);
        for (int c = 0; c < k; c++) {
            double ev = full.explainedVariance()[c];
            assertEquals(ev, got.explainedVariance()[c], tol * ev, "explained variance " + c);
            assertEquals(full.explainedVarianceRatio()[c], got.explainedVarianceRatio()[c],
                    tol * full.explainedVarianceRatio()[c], "ratio " + c);
            assertTrue(relDiff(got.components()[c], full.components()[c]) < tol,
                    "component " + c + ": " + relDiff(got.components()[c], full.components()[c]));
            assertTrue(relDiff(got.scores()[c], full.scores()[c]) < tol,
                    "scores " + c + ": " + relDiff(got.scores()[c], full.scores()[c]));
            assertTrue(relDiff(got.loadings()[c], full.loadings()[c]) < tol, "loadings " + c);
        }
    }

    /**
     * The variances (and ratios) of the separated components to 1e-9; axes, scores and loadings of the first
     * {@code separated} (the planted ones). Beyond the planted rank the components are noise whose eigenvalues
     * lie within 0.1 % of the first one of each other: their directions are ill-determined for any solver, and the
     * truncated one only guarantees their variances, to 1e-7 (the golden tolerance of PCA values is 1e-6).
     */
    @ParameterizedTest(name = "{0} samples x {1} features, rank {2}, k {3}")
    @CsvSource({
        "300, 2000, 15, 10, 10, true", // fewer samples than features (Gram side)
        "150, 1200, 12, 2, 2, true", // the client's minimum
        "1500, 200, 15, 10, 10, true", // more samples than features (covariance side)
        "400, 400, 20, 10, 10, true",
        // k beyond the planted rank: a flat noise tail, whose variances may not settle within the basis allowed
        // for so small a matrix (then the exact route runs)
        "250, 3000, 5, 10, 5, false",
    })
    void truncatedSolverMatchesTheFullDecomposition(int n, int p, int rank, int k, int separated,
            boolean mustConverge) {
        double[][] x = lowRankPlusNoise(n, p, rank, 0.5, 17L * n + p);
        PcaResult full = Pca.fitFeatureMajor(copy(x), false, Integer.MAX_VALUE, Pca.Route.EXACT);
        assertEquals(Math.min(n, p), full.componentCount());
        for (Pca.Route route : new Pca.Route[] {Pca.Route.TRUNCATED, Pca.Route.STREAMING}) {
            assertTruncatedMatches(x, full, n, p, k, separated, mustConverge, route);
        }
    }

    private static void assertTruncatedMatches(double[][] x, PcaResult full, int n, int p, int k, int separated,
            boolean mustConverge, Pca.Route route) {
        long failures = Pca.NOT_CONVERGED.get();
        PcaResult truncated = Pca.fitFeatureMajor(copy(x), false, k, route);
        System.out.printf("%d x %d %s: truncated solver did not converge %d time(s)%n", n, p, route,
                Pca.NOT_CONVERGED.get() - failures);
        if (mustConverge) {
            assertEquals(failures, Pca.NOT_CONVERGED.get(), "the truncated solver converged (no exact fallback)");
        }
        assertEquals(k, truncated.componentCount());
        assertLeadingEqual(full, truncated, separated, 1e-9);
        for (int c = separated; c < k; c++) { // the golden tolerance of PCA values is 1e-6 relative
            assertEquals(full.explainedVariance()[c], truncated.explainedVariance()[c],
                    1e-7 * full.explainedVariance()[c], "explained variance " + c);
            assertEquals(full.explainedVarianceRatio()[c], truncated.explainedVarianceRatio()[c],
                    1e-7 * full.explainedVarianceRatio()[c], "ratio " + c);
        }
        PcaResult whitened = Pca.fitFeatureMajor(copy(x), true, k, route);
        PcaResult fullWhitened = Pca.fitFeatureMajor(copy(x), true, Integer.MAX_VALUE, Pca.Route.EXACT);
        for (int c = 0; c < separated; c++) {
            assertTrue(relDiff(whitened.scores()[c], fullWhitened.scores()[c]) < 1e-9, "whitened scores " + c);
        }
    }

    /**
     * The Krylov solver itself converges on such a matrix within a small basis (the PCA would silently fall back
     * to the exact route otherwise, and the comparisons above would prove nothing about it).
     */
    @Test
    void krylovConvergesWithoutFallingBack() {
        int n = 300;
        int p = 2000;
        double[][] x = lowRankPlusNoise(n, p, 15, 0.5, 99);
        for (double[] f : x) {
            double mean = 0;
            for (double d : f) {
                mean += d;
            }
            mean /= n;
            for (int i = 0; i < n; i++) {
                f[i] -= mean;
            }
        }
        LeadingEigen.Result result = LeadingEigen.of(
                v -> Gram.combine(x, Gram.project(x, v, n, v.length), n, v.length), n, 10, 20, 160, 1);
        assertTrue(result.converged(), "did not converge within 160 basis vectors");
        double[][] u = result.vectors();
        assertEquals(10, u.length);
        for (int a = 0; a < 10; a++) {
            for (int b = 0; b <= a; b++) {
                double d = 0;
                for (int i = 0; i < n; i++) {
                    d += u[a][i] * u[b][i];
                }
                assertEquals(a == b ? 1.0 : 0.0, d, 1e-12);
            }
        }
    }

    /** The ratios are fractions of the total variance: they no longer sum to 1 once components are dropped. */
    @Test
    void ratiosAreFractionsOfTheTotalVariance() {
        int n = 200;
        int p = 1500;
        double[][] x = lowRankPlusNoise(n, p, 30, 1.0, 5);
        double total = 0;
        for (double[] f : x) {
            double mean = 0;
            for (double d : f) {
                mean += d;
            }
            mean /= n;
            for (double d : f) {
                total += (d - mean) * (d - mean);
            }
        }
        total /= n - 1;
        PcaResult r = Pca.fitFeatureMajor(copy(x), false, 10, Pca.Route.TRUNCATED);
        double sum = 0;
        for (int c = 0; c < 10; c++) {
            assertEquals(r.explainedVariance()[c] / total, r.explainedVarianceRatio()[c], 1e-12);
            sum += r.explainedVarianceRatio()[c];
        }
        assertTrue(sum < 0.999, "ten of 200 components with noise cannot explain everything: " + sum);
        PcaResult full = Pca.fitFeatureMajor(copy(x), false);
        double all = 0;
        for (double v : full.explainedVarianceRatio()) {
            all += v;
        }
        assertEquals(1.0, all, 1e-12);
    }

    @ParameterizedTest(name = "maxComponents {0}")
    @CsvSource({"2, 2", "10, 10", "60, 60", "1000, 80"})
    void maxComponentsBoundsTheResult(int max, int expected) {
        int n = 80;
        int p = 500;
        double[][] x = lowRankPlusNoise(n, p, 6, 0.3, max);
        PcaResult full = Pca.fitFeatureMajor(copy(x), false);
        for (Pca.Route route : Pca.Route.values()) {
            PcaResult r = Pca.fitFeatureMajor(copy(x), false, max, route);
            assertEquals(expected, r.componentCount(), route.name());
            assertLeadingEqual(full, r, expected, 1e-9);
        }
    }

    /** Rank 3 without noise: the planted components match, the others carry (numerically) no variance. */
    @Test
    void rankDeficientMatrix() {
        int n = 120;
        int p = 2500;
        double[][] x = lowRankPlusNoise(n, p, 3, 0.0, 3);
        PcaResult full = Pca.fitFeatureMajor(copy(x), false, Integer.MAX_VALUE, Pca.Route.EXACT);
        for (Pca.Route route : new Pca.Route[] {Pca.Route.TRUNCATED, Pca.Route.STREAMING}) {
            assertRankDeficient(x, full, route);
        }
    }

    private static void assertRankDeficient(double[][] x, PcaResult full, Pca.Route route) {
        long failures = Pca.NOT_CONVERGED.get();
        PcaResult r = Pca.fitFeatureMajor(copy(x), false, 10, route);
        assertEquals(failures, Pca.NOT_CONVERGED.get(), route + " converged");
        assertEquals(10, r.componentCount());
        assertLeadingEqual(full, r, 3, 1e-9);
        double top = r.explainedVariance()[0];
        for (int c = 3; c < 10; c++) {
            assertEquals(0.0, r.explainedVariance()[c], 1e-12 * top, "degenerate variance " + c);
            assertEquals(0.0, r.explainedVarianceRatio()[c], 1e-12, "degenerate ratio " + c);
            for (double v : r.scores()[c]) {
                assertEquals(0.0, v, 1e-9 * Math.sqrt(top), "degenerate score " + c);
            }
        }
        // still orthonormal axes, as scikit-learn's
        for (int a = 0; a < 10; a++) {
            double d = 0;
            for (double v : r.components()[a]) {
                d += v * v;
            }
            assertEquals(1.0, d, 1e-9, "unit axis " + a);
        }
    }

    /** More features than the truncation needs, but fewer samples than components asked for: all n come back. */
    @Test
    void fewerSamplesThanComponents() {
        double[][] x = lowRankPlusNoise(6, 3000, 4, 0.2, 8);
        PcaResult full = Pca.fitFeatureMajor(copy(x), false);
        PcaResult r = Pca.fitFeatureMajor(copy(x), false, 10);
        assertEquals(6, r.componentCount());
        assertLeadingEqual(full, r, 5, 1e-9); // the sixth has no variance: its direction is arbitrary
    }

    @Test
    void rejectsNoComponents() {
        assertThrows(IllegalArgumentException.class, () -> Pca.fitFeatureMajor(new double[][] {{1, 2}}, false, 0));
    }
}
