package org.fractalis.stats.cluster;

import java.util.SplittableRandom;

/**
 * k-means as SciPy's {@code kmeans2(data, k, minit='points')} (default 10 iterations, empty clusters keep their
 * previous centroid): k distinct observations as initial centroids, then per iteration assign every observation to
 * its nearest centroid (the first on ties) and move each centroid to the mean of its members. The labels are those
 * of the last assignment. The random start is drawn from the given seed, so results are reproducible.
 */
public final class KMeans {
    /** SciPy's default number of iterations. */
    public static final int DEFAULT_ITERATIONS = 10;

    private KMeans() {
    }

    /**
     * One {@code kmeans2} run.
     *
     * @param x observations × features, finite (not modified)
     * @param k number of centroids; more than the observations gives one per observation (SciPy 0.19's
     *     permutation start)
     * @return the cluster label (0 … k−1) of every observation
     * @throws IllegalArgumentException for k &lt; 1, no observations or non-finite values
     */
    public static int[] kmeans2(double[][] x, int k, int iterations, long seed) {
        int n = x.length;
        if (k < 1) {
            throw new IllegalArgumentException("Cannot ask kmeans2 for " + k + " clusters (k was " + k + ")");
        }
        if (n == 0) {
            throw new IllegalArgumentException("kmeans2 needs at least one observation.");
        }
        int p = x[0].length;
        for (double[] row : x) {
            if (row.length != p) {
                throw new IllegalArgumentException("All observations must have the same number of features.");
            }
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("array must not contain infs or NaNs");
                }
            }
        }
        int nc = Math.min(k, n);
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        double[][] code = new double[nc][];
        for (int c = 0; c < nc; c++) {
            int r = c + rnd.nextInt(n - c);
            int t = perm[c];
            perm[c] = perm[r];
            perm[r] = t;
            code[c] = x[perm[c]].clone();
        }
        int[] label = new int[n];
        for (int it = 0; it < Math.max(1, iterations); it++) {
            for (int i = 0; i < n; i++) {
                label[i] = nearest(x[i], code);
            }
            double[][] sums = new double[nc][p];
            int[] counts = new int[nc];
            for (int i = 0; i < n; i++) {
                double[] s = sums[label[i]];
                double[] row = x[i];
                for (int f = 0; f < p; f++) {
                    s[f] += row[f];
                }
                counts[label[i]]++;
            }
            for (int c = 0; c < nc; c++) {
                if (counts[c] > 0) {
                    double[] s = sums[c];
                    for (int f = 0; f < p; f++) {
                        s[f] /= counts[c];
                    }
                    code[c] = s;
                }
            }
        }
        return label;
    }

    /**
     * The best of several seeded {@link #kmeans2} runs: the labelling with the smallest within-cluster sum of
     * squares (the first on ties).
     */
    public static int[] bestOf(double[][] x, int k, int iterations, int runs, long seed) {
        int[] best = null;
        double bestSse = Double.POSITIVE_INFINITY;
        for (int r = 0; r < Math.max(1, runs); r++) {
            int[] labels = kmeans2(x, k, iterations, seed + r);
            double sse = withinSumOfSquares(x, labels);
            if (best == null || sse < bestSse) {
                best = labels;
                bestSse = sse;
            }
        }
        return best;
    }

    /** Σ over clusters of the squared distances of the members to their mean. */
    public static double withinSumOfSquares(double[][] x, int[] labels) {
        int n = x.length;
        if (n == 0) {
            return 0;
        }
        int p = x[0].length;
        int k = 0;
        for (int l : labels) {
            k = Math.max(k, l + 1);
        }
        double[][] mean = new double[k][p];
        int[] counts = new int[k];
        for (int i = 0; i < n; i++) {
            counts[labels[i]]++;
            for (int f = 0; f < p; f++) {
                mean[labels[i]][f] += x[i][f];
            }
        }
        for (int c = 0; c < k; c++) {
            for (int f = 0; f < p; f++) {
                mean[c][f] = counts[c] == 0 ? 0 : mean[c][f] / counts[c];
            }
        }
        double sse = 0;
        for (int i = 0; i < n; i++) {
            double[] m = mean[labels[i]];
            for (int f = 0; f < p; f++) {
                double d = x[i][f] - m[f];
                sse += d * d;
            }
        }
        return sse;
    }

    private static int nearest(double[] obs, double[][] code) {
        int best = 0;
        double min = Double.POSITIVE_INFINITY;
        for (int c = 0; c < code.length; c++) {
            double[] cc = code[c];
            double d = 0;
            for (int f = 0; f < obs.length; f++) {
                double diff = obs[f] - cc[f];
                d += diff * diff;
            }
            if (d < min) {
                min = d;
                best = c;
            }
        }
        return best;
    }
}
