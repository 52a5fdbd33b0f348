package org.fractalis.stats.pca;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Principal component analysis as scikit-learn's {@code PCA(whiten=…)} with all {@code min(n, p)} components, or
 * only the leading ones ({@link #fitFeatureMajor(double[][], boolean, int)}).
 *
 * <p>The thin SVD of the centred matrix comes from its smaller side: with k = min(n, p) ≤ 128 components from a
 * Householder QR and the SVD of the k × k factor (accurate like LAPACK even when the singular values span many
 * orders of magnitude), with more from the eigen-decomposition of the k × k Gram matrix (fast: 500 × 20,000 in
 * about 0.35 s on two AVX-512 cores with the Vector API kernels, 0.8 s without; see {@code Kernels}). Singular
 * values are the norms of the projections on the singular vectors, so components of (numerically) zero variance
 * come out as ~0 rather than as {@code sqrt} of rounding noise. Signs follow
 * scikit-learn's u-based {@code svd_flip}: in every column of U the entry of largest absolute value (the first on
 * ties) is positive.
 *
 * <p>Work is O(n·p·min(n, p)) and uses all cores of the common fork-join pool. The JVM should run with
 * {@code --add-modules jdk.incubator.vector} (and, in OSGi, the system bundle export the package
 * {@code jdk.incubator.vector}): the dense kernels are then about three times faster. For many features prefer
 * {@link #fitFeatureMajor}: it takes the data one feature per array (the layout of a features × samples pivot) and
 * centres it in place, so no copy of the matrix is made.
 */
public final class Pca {

    private Pca() {
    }

    /**
     * Replaces every NaN by the median of the non-missing values of its column (feature), as scikit-learn's
     * {@code SimpleImputer(strategy="median")}. A column without any value is left untouched.
     *
     * @param x samples × features, modified in place
     * @return the indices of columns that hold no value at all (empty if none)
     */
    public static int[] imputeColumnMedians(double[][] x) {
        int n = x.length;
        if (n == 0) {
            return new int[0];
        }
        int p = x[0].length;
        int[] empty = new int[p];
        int nEmpty = 0;
        double[] column = new double[n];
        for (int j = 0; j < p; j++) {
            boolean missing = false;
            for (int i = 0; i < n; i++) {
                column[i] = x[i][j];
                missing |= Double.isNaN(column[i]);
            }
            if (!missing) {
                continue;
            }
            if (!imputeMedian(column)) {
                empty[nEmpty++] = j;
                continue;
            }
            for (int i = 0; i < n; i++) {
                x[i][j] = column[i];
            }
        }
        return Arrays.copyOf(empty, nEmpty);
    }

    /**
     * The same imputation for data stored one feature per array: every NaN of {@code features[j]} is replaced by
     * the median of that array's other values.
     *
     * @param features features × samples, modified in place
     * @return the indices of features that hold no value at all (left untouched)
     */
    public static int[] imputeFeatureMedians(double[][] features) {
        int[] empty = new int[features.length];
        int nEmpty = 0;
        for (int j = 0; j < features.length; j++) {
            if (!imputeMedian(features[j])) {
                empty[nEmpty++] = j;
            }
        }
        return Arrays.copyOf(empty, nEmpty);
    }

    /** Fills the NaNs of v with the median of the rest; false if v has no value at all. */
    private static boolean imputeMedian(double[] v) {
        int m = 0;
        for (double d : v) {
            if (!Double.isNaN(d)) {
                m++;
            }
        }
        if (m == v.length) {
            return true;
        }
        if (m == 0) {
            return false;
        }
        double[] present = new double[m];
        int k = 0;
        for (double d : v) {
            if (!Double.isNaN(d)) {
                present[k++] = d;
            }
        }
        Arrays.sort(present);
        double median = (m & 1) == 1 ? present[m / 2] : (present[m / 2 - 1] + present[m / 2]) / 2.0;
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                v[i] = median;
            }
        }
        return true;
    }

    /**
     * Fits the PCA and transforms the same samples.
     *
     * @param x samples × features without NaN (not modified); at least two samples and one feature
     * @param whiten divide the scores by {@code sqrt(explained variance)}; components of numerically zero variance
     *     are left unwhitened (the original divides by ~0 there)
     * @throws IllegalArgumentException for fewer than two samples, no features, ragged rows or non-finite values
     */
    public static PcaResult fit(double[][] x, boolean whiten) {
        return fit(x, whiten, Integer.MAX_VALUE);
    }

    /**
     * As {@link #fit(double[][], boolean)}, keeping only the leading components.
     *
     * @param maxComponents at most this many components are computed and returned (at least 1)
     * @since 1.1
     */
    public static PcaResult fit(double[][] x, boolean whiten, int maxComponents) {
        int n = x.length;
        if (n < 2) {
            throw new IllegalArgumentException("PCA needs at least two samples, got " + n + ".");
        }
        int p = x[0].length;
        if (p < 1) {
            throw new IllegalArgumentException("PCA needs at least one feature.");
        }
        for (double[] row : x) {
            if (row.length != p) {
                throw new IllegalArgumentException("All samples must have the same number of features.");
            }
        }
        double[][] features = new double[p][n];
        final int tile = 64;
        IntStream.range(0, (p + tile - 1) / tile).parallel().forEach(b -> {
            int j1 = Math.min(p, (b + 1) * tile);
            for (int i = 0; i < n; i++) {
                double[] row = x[i];
                for (int j = b * tile; j < j1; j++) {
                    features[j][i] = row[j];
                }
            }
        });
        return fitFeatureMajor(features, whiten, maxComponents);
    }

    /**
     * Fits the PCA on data stored one feature per array and transforms the samples.
     *
     * @param features features × samples without NaN, <b>centred in place</b> (the caller gives the arrays up);
     *     at least one feature and two samples
     * @param whiten as in {@link #fit}
     * @throws IllegalArgumentException for fewer than two samples, no features, ragged arrays or non-finite values
     */
    public static PcaResult fitFeatureMajor(double[][] features, boolean whiten) {
        return fitFeatureMajor(features, whiten, Integer.MAX_VALUE);
    }

    /**
     * As {@link #fitFeatureMajor(double[][], boolean)}, keeping only the leading components: the first
     * {@code min(maxComponents, n, p)} components of the full PCA (same axes, scores, explained variances and
     * ratios up to rounding; the ratios stay fractions of the <em>total</em> variance, from the trace). Small
     * matrices take the exact decomposition and drop the rest; when the smaller side exceeds
     * {@value #TRUNCATED_MIN} only the leading eigenvectors are computed ({@link LeadingEigen}: block Krylov on
     * {@code X·Xᵀ} or {@code Xᵀ·X}, applied in passes over the data and never formed).
     *
     * @param maxComponents at most this many components are computed and returned (at least 1)
     * @since 1.1
     */
    public static PcaResult fitFeatureMajor(double[][] features, boolean whiten, int maxComponents) {
        return fitFeatureMajor(features, whiten, maxComponents, Route.AUTO);
    }

    /** How the leading eigenvectors are found; tests force one. */
    enum Route {
        /** exact below {@link #TRUNCATED_MIN}, truncated above */
        AUTO,
        /** the full decomposition, then truncation */
        EXACT,
        /** block Krylov whenever m ≥ 2·(k + 10) (if it does not converge: EXACT up to EXACT_FALLBACK_MAX) */
        TRUNCATED,
        /** as TRUNCATED, always through the data (never on the formed Gram matrix) */
        STREAMING
    }

    /**
     * Above this min(n, p) the leading components come from the truncated solver. Below it the exact route is
     * about as fast (500 × 20,000: Gram 0.06 s, full eigen-decomposition 0.07 s) and exact by construction.
     */
    static final int TRUNCATED_MIN = 1000;

    static PcaResult fitFeatureMajor(double[][] features, boolean whiten, int maxComponents, Route route) {
        if (maxComponents < 1) {
            throw new IllegalArgumentException("maxComponents must be at least 1, got " + maxComponents + ".");
        }
        int p = features.length;
        if (p < 1) {
            throw new IllegalArgumentException("PCA needs at least one feature.");
        }
        int n = features[0].length;
        if (n < 2) {
            throw new IllegalArgumentException("PCA needs at least two samples, got " + n + ".");
        }
        for (double[] v : features) {
            if (v.length != n) {
                throw new IllegalArgumentException("All features must have the same number of samples.");
            }
        }
        int bad = IntStream.range(0, p).parallel().filter(j -> !centre(features[j])).min().orElse(-1);
        if (bad >= 0) {
            throw new IllegalArgumentException("PCA input must be finite (feature " + bad + ").");
        }
        int m = Math.min(n, p);
        int k = Math.min(m, maxComponents);
        // total variance = trace of the covariance = squared Frobenius norm of Xc / (n − 1): exact whatever k is
        double total = IntStream.range(0, p).parallel().mapToDouble(j -> {
            double nj = norm(features[j]);
            return nj * nj;
        }).sum() / (n - 1);
        boolean truncated = 2 * (k + TRUNCATION_MARGIN) <= m
                && (route == Route.TRUNCATED || route == Route.STREAMING || route == Route.AUTO && m > TRUNCATED_MIN);
        boolean formed = route != Route.STREAMING && m <= GRAM_KRYLOV_MAX;
        double[][] scores = new double[k][];
        double[][] components = new double[k][];
        double[] s = new double[k];
        if (n <= p) {
            fitWide(features, n, p, k, truncated, formed, scores, components, s);
        } else {
            fitTall(features, n, p, k, truncated, formed, scores, components, s);
        }
        double[] ev = new double[k];
        for (int c = 0; c < k; c++) {
            ev[c] = s[c] * s[c] / (n - 1);
        }
        double[] ratio = new double[k];
        for (int c = 0; c < k; c++) {
            ratio[c] = ev[c] / total;
        }
        if (whiten) {
            double tol = s[0] * Math.max(n, p) * Math.ulp(1.0);
            for (int c = 0; c < k; c++) {
                if (s[c] > tol) {
                    double f = 1.0 / Math.sqrt(ev[c]);
                    double[] sc = scores[c];
                    for (int i = 0; i < n; i++) {
                        sc[i] *= f;
                    }
                }
            }
        }
        return new PcaResult(scores, components, ev, ratio);
    }

    /** Extra Krylov vectors per block beyond k (oversampling): more makes clusters at the k-th value converge. */
    private static final int TRUNCATION_MARGIN = 10;
    /** Seed of the truncated solver's start block: results do not change between runs. */
    private static final long SEED = 0x5eed_f4ac_7a11L;

    /**
     * The k leading eigenvectors of the m × m operator, from block Krylov with a basis of at most max(8 blocks,
     * min(1,000, m / 4)) vectors (m / 2 on the formed Gram matrix). If they did not
     * meet the tolerances there: null (take the exact route) up to {@value #EXACT_FALLBACK_MAX}, beyond that the
     * approximation (the exact route would need an m × m matrix and O(m³) work).
     */
    private static double[][] leading(LeadingEigen.Operator op, int m, int k, boolean explicit) {
        int block = k + TRUNCATION_MARGIN;
        // through the data a block costs 2·n·p·block, so beyond m / 4 vectors the Gram matrix would have been
        // cheaper; on the formed matrix a block costs only m²·block
        // (and beyond ~1,000 vectors the basis and the Rayleigh–Ritz steps cost more than they gain)
        int maxDim = Math.min(m, Math.max(8 * block, Math.min(MAX_BASIS, explicit ? m / 2 : m / 4)));
        LeadingEigen.Result r = LeadingEigen.of(op, m, k, block, maxDim, SEED);
        if (r.converged()) {
            return r.vectors();
        }
        NOT_CONVERGED.incrementAndGet();
        return m <= EXACT_FALLBACK_MAX ? null : r.vectors();
    }

    /** The largest Krylov basis (besides 8 blocks): 1,000 vectors of 11,069 samples are 89 MB, twice (Q and A·Q). */
    static final int MAX_BASIS = 1000;

    /** Up to this min(n, p) a truncated solve that did not converge is redone exactly. */
    static final int EXACT_FALLBACK_MAX = 3000;

    /** How often the truncated solver did not meet its tolerances (for tests and diagnostics). */
    static final java.util.concurrent.atomic.AtomicLong NOT_CONVERGED = new java.util.concurrent.atomic.AtomicLong();

    /**
     * n ≤ p: the eigenvectors of the Gram matrix {@code X·Xᵀ} of the centred feature vectors are the columns of
     * U, and projecting the features on U gives {@code Vᵀ·S}.
     */
    private static void fitWide(double[][] xt, int n, int p, int k, boolean truncated, boolean formed,
            double[][] scores, double[][] components, double[] s) {
        double[][] basis = null; // U: row c is the c-th left singular vector of Xc
        if (truncated && formed) {
            // the Gram matrix once (the fast packed kernel), then the Krylov blocks on it at n²·block each
            double[][] g = Gram.of(xt, n);
            basis = leading(v -> Gram.project(g, v, n, v.length), n, k, true);
        } else if (truncated) {
            // X·Xᵀ·V = X·(Xᵀ·V): project the features on the rows, then combine the features with the weights
            basis = leading(v -> Gram.combine(xt, Gram.project(xt, v, n, v.length), n, v.length), n, k, false);
        }
        if (basis == null) {
            if (n <= RightSingularBasis.ACCURATE_MAX_K) {
                double[][] samples = new double[n][p]; // the columns of Xcᵀ
                for (int j = 0; j < p; j++) {
                    double[] v = xt[j];
                    for (int i = 0; i < n; i++) {
                        samples[i][j] = v[i];
                    }
                }
                basis = RightSingularBasis.accurate(samples, p);
            } else {
                basis = RightSingularBasis.fastFromRows(xt, n);
            }
        }
        double[][] u = basis;
        double[][] w = Gram.project(xt, u, n, k); // w[c][j] = s_c * v_c[j]
        IntStream.range(0, k).parallel().forEach(c -> {
            double[] wc = w[c];
            double norm = norm(wc);
            s[c] = norm;
            double[] uc = u[c];
            double sign = uc[argMaxAbs(uc)] < 0 ? -1.0 : 1.0;
            for (int i = 0; i < n; i++) {
                uc[i] *= sign * norm;
            }
            double f = norm > 0 ? sign / norm : 0.0;
            for (int j = 0; j < p; j++) {
                wc[j] *= f;
            }
            scores[c] = uc;
            components[c] = wc;
        });
    }

    /**
     * n &gt; p: the eigenvectors of {@code Xᵀ·X} are the components, and projecting the samples on them gives the
     * scores {@code U·S}.
     */
    private static void fitTall(double[][] xt, int n, int p, int k, boolean truncated, boolean formed,
            double[][] scores, double[][] components, double[] s) {
        double[][] basis = null; // V: row c is the c-th component
        double[][] t = null; // t[c][i] = u_c[i] * s_c
        double[][] xc = null;
        if (truncated && formed) {
            xc = samplesMajor(xt, n, p);
            double[][] g = Gram.of(xc, p);
            basis = leading(v -> Gram.project(g, v, p, v.length), p, k, true);
            if (basis != null) {
                t = Gram.project(xc, basis, p, k);
            }
        } else if (truncated) {
            // Xᵀ·X·V = Xᵀ·(X·V): combine the features with the weights, then project the features on the result
            basis = leading(v -> Gram.project(xt, Gram.combine(xt, v, n, v.length), n, v.length), p, k, false);
            if (basis != null) {
                t = Gram.combine(xt, basis, n, k);
            }
        }
        if (basis == null) {
            if (xc == null) {
                xc = samplesMajor(xt, n, p);
            }
            basis = p <= RightSingularBasis.ACCURATE_MAX_K ? RightSingularBasis.accurate(xt, n)
                    : RightSingularBasis.fastFromRows(xc, p);
            t = Gram.project(xc, basis, p, k);
        }
        double[][] v = basis;
        double[][] tt = t;
        IntStream.range(0, k).parallel().forEach(c -> {
            double[] tc = tt[c];
            s[c] = norm(tc);
            double[] vc = v[c];
            if (tc[argMaxAbs(tc)] < 0) {
                for (int i = 0; i < n; i++) {
                    tc[i] = -tc[i];
                }
                for (int j = 0; j < p; j++) {
                    vc[j] = -vc[j];
                }
            }
            scores[c] = tc;
            components[c] = vc;
        });
    }

    private static double[][] samplesMajor(double[][] xt, int n, int p) {
        double[][] xc = new double[n][p];
        for (int j = 0; j < p; j++) {
            double[] v = xt[j];
            for (int i = 0; i < n; i++) {
                xc[i][j] = v[i];
            }
        }
        return xc;
    }

    /**
     * Up to this min(n, p) the truncated solver works on the formed m × m Gram matrix (≤ 128 MB): forming it costs
     * n·p·m/2 with the fast packed kernel, after which a Krylov block costs m²·block instead of two passes over
     * the data (2·n·p·block). Beyond it the matrix is never formed (for 11,069 samples it would be 1 GB).
     */
    static final int GRAM_KRYLOV_MAX = 4000;

    /** Subtracts the mean of v from v; false if the mean is not finite. */
    private static boolean centre(double[] v) {
        double mean = 0;
        for (double d : v) {
            mean += d;
        }
        mean /= v.length;
        if (!Double.isFinite(mean)) {
            return false;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] -= mean;
        }
        return true;
    }

    private static double norm(double[] a) {
        // four partial sums: the JIT does not vectorise a floating-point sum, but it pipelines independent ones
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < a.length; i += 4) {
            s0 += a[i] * a[i];
            s1 += a[i + 1] * a[i + 1];
            s2 += a[i + 2] * a[i + 2];
            s3 += a[i + 3] * a[i + 3];
        }
        for (; i < a.length; i++) {
            s0 += a[i] * a[i];
        }
        double sum = (s0 + s1) + (s2 + s3);
        if (sum > 1e-280 && sum < 1e280) {
            return Math.sqrt(sum);
        }
        return scaledNorm(a); // squares could have under- or overflowed
    }

    private static double scaledNorm(double[] a) {
        double scale = 0;
        for (double v : a) {
            scale = Math.max(scale, Math.abs(v));
        }
        if (scale == 0) {
            return 0;
        }
        double acc = 0;
        for (double v : a) {
            double r = v / scale;
            acc += r * r;
        }
        return scale * Math.sqrt(acc);
    }

    /**
     * The index of the largest |a[i]|, the first one on ties (numpy's argmax). Entries within a few ulps of the
     * maximum count as ties: for exactly symmetric data (e.g. two samples) the decomposition leaves equal
     * magnitudes up to rounding, and the first index is what an exact computation picks.
     */
    private static int argMaxAbs(double[] a) {
        double max = 0;
        for (double v : a) {
            max = Math.max(max, Math.abs(v));
        }
        double threshold = max * (1 - 1e-13);
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i]) >= threshold) {
                return i;
            }
        }
        return 0;
    }
}
