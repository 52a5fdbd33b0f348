package org.fractalis.benchmarks.analytics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Writes the benchmark data (seeded, so every run and every reference reads the same numbers). The shapes and
 * distributions are those of {@code golden/perf_dataset.py} (golden README §6); the numbers themselves differ
 * from numpy's generator.
 *
 * <ul>
 * <li>{@code expr.f64}: 20,000 features × 500 samples of log2 expression: feature mean U(3, 13), SD U(0.15, 1),
 * normal noise; samples 251..500 form group 2, in which 250 randomly chosen features are shifted by +1 and 250
 * others by −1. Rounded to 4 decimals. Seed 20240601.</li>
 * <li>{@code expr2500.f64}: the same with 2,500 samples (1,250 per group), seed 20240605 (400 MB).</li>
 * <li>{@code counts.f64}: 20,000 genes × 12 samples of negative-binomial counts: mean
 * {@code exp(U(log 2, log 20000))}, dispersion {@code (0.04 + 1.5/sqrt(mu)) · exp(N(0, 0.3²))}, size factors
 * {@code exp(N(0, 0.2²))}, samples 7..12 in condition s1 with log2 fold change ±1.5 in 1,000 genes. Drawn as a
 * gamma-Poisson mixture. Seed 20240602.</li>
 * <li>{@code hclust.f64}: 2,000 observations × 500 features: 5 cluster centres N(0, 2²) per coordinate, each
 * observation a random centre plus N(0, 1) noise. Seed 20240603.</li>
 * <li>{@code kde.f64}: 100,000 points, 0.7·N(0, 1) + 0.3·N(3, 0.5²). Seed 20240604.</li>
 * </ul>
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.fractalis.benchmarks.analytics.GenerateData [dir]} (default
 * {@code target/data}). Existing files of the right size are kept unless {@code --force} is given.
 */
public final class GenerateData {

    public static final long SEED = 20240601L;

    private GenerateData() {
    }

    public static void main(String[] args) throws IOException {
        boolean force = false;
        Path dir = Paths.get("target/data");
        for (String a : args) {
            if (a.equals("--force")) {
                force = true;
            } else {
                dir = Paths.get(a);
            }
        }
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        if (force || missing(dir, DataFiles.EXPR, DataFiles.EXPR_FEATURES * DataFiles.EXPR_SAMPLES)) {
            DataFiles.write(dir, DataFiles.EXPR, expression(DataFiles.EXPR_FEATURES, DataFiles.EXPR_SAMPLES, 500,
                    SEED));
        }
        if (force || missing(dir, DataFiles.EXPR2500, (long) DataFiles.EXPR_FEATURES * DataFiles.EXPR2500_SAMPLES)) {
            DataFiles.write(dir, DataFiles.EXPR2500, expression(DataFiles.EXPR_FEATURES, DataFiles.EXPR2500_SAMPLES,
                    500, SEED + 4));
        }
        if (force || missing(dir, DataFiles.COUNTS, DataFiles.COUNT_GENES * DataFiles.COUNT_SAMPLES)) {
            DataFiles.write(dir, DataFiles.COUNTS, counts(DataFiles.COUNT_GENES, DataFiles.COUNT_SAMPLES, 1000,
                    SEED + 1));
        }
        if (force || missing(dir, DataFiles.HCLUST, DataFiles.HCLUST_ROWS * DataFiles.HCLUST_COLS)) {
            DataFiles.write(dir, DataFiles.HCLUST, clusters(DataFiles.HCLUST_ROWS, DataFiles.HCLUST_COLS, 5,
                    SEED + 2));
        }
        if (force || missing(dir, DataFiles.KDE, DataFiles.KDE_POINTS)) {
            DataFiles.write(dir, DataFiles.KDE, mixture(DataFiles.KDE_POINTS, SEED + 3));
        }
        String meta = String.format(Locale.ROOT, "{\"expr\": {\"file\": \"%s\", \"rows\": %d, \"cols\": %d, "
                + "\"groups\": [%d, %d]},%n \"counts\": {\"file\": \"%s\", \"rows\": %d, \"cols\": %d, "
                + "\"groups\": [%d, %d]},%n \"hclust\": {\"file\": \"%s\", \"rows\": %d, \"cols\": %d, "
                + "\"n_clusters\": 5},%n \"kde\": {\"file\": \"%s\", \"n\": %d, \"grid\": %d}}%n",
                DataFiles.EXPR, DataFiles.EXPR_FEATURES, DataFiles.EXPR_SAMPLES, DataFiles.EXPR_SAMPLES / 2,
                DataFiles.EXPR_SAMPLES / 2, DataFiles.COUNTS, DataFiles.COUNT_GENES, DataFiles.COUNT_SAMPLES,
                DataFiles.COUNT_SAMPLES / 2, DataFiles.COUNT_SAMPLES / 2, DataFiles.HCLUST, DataFiles.HCLUST_ROWS,
                DataFiles.HCLUST_COLS, DataFiles.KDE, DataFiles.KDE_POINTS, DataFiles.KDE_GRID);
        Files.writeString(dir.resolve("meta.json"), meta, StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "data in %s (%.1f s)%n", dir.toAbsolutePath(), (System.nanoTime() - t0) / 1e9);
    }

    private static boolean missing(Path dir, String name, long n) throws IOException {
        Path p = dir.resolve(name);
        return !Files.isRegularFile(p) || Files.size(p) != 8 * n;
    }

    /** Row-major features × samples; the second half of the samples is group 2. */
    static double[] expression(int nFeat, int nSamp, int nDe, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] means = new double[nFeat];
        double[] sds = new double[nFeat];
        for (int i = 0; i < nFeat; i++) {
            means[i] = 3.0 + 10.0 * rnd.nextDouble();
            sds[i] = 0.15 + 0.85 * rnd.nextDouble();
        }
        double[] shift = new double[nFeat];
        int[] de = choose(rnd, nFeat, nDe);
        for (int k = 0; k < nDe; k++) {
            shift[de[k]] = k < nDe / 2 ? 1.0 : -1.0;
        }
        int half = nSamp / 2;
        double[] m = new double[nFeat * nSamp];
        for (int i = 0; i < nFeat; i++) {
            int base = i * nSamp;
            for (int j = 0; j < nSamp; j++) {
                double v = means[i] + sds[i] * rnd.nextGaussian() + (j >= half ? shift[i] : 0.0);
                m[base + j] = Math.rint(v * 1e4) / 1e4;
            }
        }
        return m;
    }

    /** Row-major genes × samples of negative-binomial counts; the second half of the samples is condition s1. */
    static double[] counts(int nGenes, int nSamp, int nDe, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        RandomGenerator draws = new Well19937c(seed);
        double[] mu0 = new double[nGenes];
        double[] disp = new double[nGenes];
        double lo = Math.log(2);
        double hi = Math.log(20000);
        for (int i = 0; i < nGenes; i++) {
            mu0[i] = Math.exp(lo + (hi - lo) * rnd.nextDouble());
            disp[i] = (0.04 + 1.5 / Math.sqrt(mu0[i])) * Math.exp(0.3 * rnd.nextGaussian());
        }
        double[] sf = new double[nSamp];
        for (int j = 0; j < nSamp; j++) {
            sf[j] = Math.exp(0.2 * rnd.nextGaussian());
        }
        double[] fold = new double[nGenes];
        for (int g : choose(rnd, nGenes, nDe)) {
            fold[g] = rnd.nextBoolean() ? 1.5 : -1.5;
        }
        double[] c = new double[nGenes * nSamp];
        for (int i = 0; i < nGenes; i++) {
            double r = 1.0 / disp[i];
            for (int j = 0; j < nSamp; j++) {
                double mu = mu0[i] * sf[j] * (j >= nSamp / 2 ? Math.pow(2.0, fold[i]) : 1.0);
                // NB(size r, mean mu) = Poisson(Gamma(shape r, scale mu / r))
                double lambda = new GammaDistribution(draws, r, mu / r).sample();
                c[i * nSamp + j] = lambda <= 0 ? 0
                        : new PoissonDistribution(draws, lambda, PoissonDistribution.DEFAULT_EPSILON,
                                PoissonDistribution.DEFAULT_MAX_ITERATIONS).sample();
            }
        }
        return c;
    }

    /** Row-major observations × features around {@code k} random centres. */
    static double[] clusters(int n, int p, int k, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] centres = new double[k][p];
        for (double[] c : centres) {
            for (int j = 0; j < p; j++) {
                c[j] = 2.0 * rnd.nextGaussian();
            }
        }
        double[] x = new double[n * p];
        for (int i = 0; i < n; i++) {
            double[] c = centres[rnd.nextInt(k)];
            for (int j = 0; j < p; j++) {
                x[i * p + j] = c[j] + rnd.nextGaussian();
            }
        }
        return x;
    }

    /** 0.7·N(0, 1) + 0.3·N(3, 0.5²). */
    static double[] mixture(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextDouble() < 0.7 ? rnd.nextGaussian() : 3.0 + 0.5 * rnd.nextGaussian();
        }
        return x;
    }

    /** {@code m} distinct indices of {@code 0..n-1} in random order (partial Fisher-Yates). */
    private static int[] choose(SplittableRandom rnd, int n, int m) {
        int[] idx = new int[n];
        Arrays.setAll(idx, i -> i);
        for (int i = 0; i < m; i++) {
            int j = i + rnd.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return Arrays.copyOf(idx, m);
    }
}
