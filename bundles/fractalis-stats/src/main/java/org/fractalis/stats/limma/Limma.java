package org.fractalis.stats.limma;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.special.Beta;

/**
 * limma's two-step differential expression analysis for a group-means design, in pure Java: {@code lmFit} with
 * design {@code ~0+group}, {@code contrasts.fit} with every pairwise contrast {@code groupI-groupJ} (I = K..2,
 * J = 1..I-1), {@code eBayes()} with its defaults and the moderated F-test of {@code classifyTestsF}. The results
 * agree with R limma 3.54 to rounding (Smyth 2004, "Linear models and empirical Bayes methods for assessing
 * differential expression in microarray experiments").
 *
 * <p>Missing values (NaN, and infinite values, which lmFit treats alike) are handled feature by feature as lmFit
 * does: the fit of a feature uses its finite values only, with its own residual degrees of freedom; a group without
 * any value gives NaN coefficients for the contrasts that involve it.
 *
 * <p>Large inputs are processed on several threads (the common fork-join pool).
 */
public final class Limma {

    /** eBayes' {@code proportion}: the assumed share of differentially expressed features. */
    public static final double PROPORTION = 0.01;
    /** eBayes' {@code stdev.coef.lim}. */
    private static final double STDEV_COEF_LIM_LOW = 0.1;
    private static final double STDEV_COEF_LIM_HIGH = 4;
    /** Work (values touched) below which everything runs on the calling thread. */
    private static final long PARALLEL_THRESHOLD = 200_000;

    private Limma() {
    }

    /**
     * Fits the model and computes the moderated statistics, for a matrix given as one array per feature.
     *
     * @param rows     the expression matrix, one array per feature (values NaN where missing); not modified
     * @param columns  for every sample (column of the model), the index into each row array that holds its value;
     *                 an index may occur more than once (the same sample used in two groups)
     * @param groups   for every sample, its design column 0..nGroups-1 ({@code group1} is 0)
     * @param nGroups  the number K of design columns, at least 2; every group needs at least one sample
     * @return the fit, contrasts and moderated statistics
     * @throws LimmaException where R's limma stops: no residual degrees of freedom in any feature (with R's
     *                        message, which differs between complete data and data with missing values), or no
     *                        finite residual standard deviation
     */
    public static LimmaResult groupMeans(double[][] rows, int[] columns, int[] groups, int nGroups)
            throws LimmaException {
        return run(rows, null, rows.length, 0, columns, groups, nGroups);
    }

    /**
     * As {@link #groupMeans(double[][], int[], int[], int)} for a row-major matrix in one array: the value of
     * feature f in matrix column c is {@code values[f * rowStride + c]}.
     */
    public static LimmaResult groupMeans(double[] values, int nFeatures, int rowStride, int[] columns, int[] groups,
            int nGroups) throws LimmaException {
        if ((long) nFeatures * rowStride > values.length) {
            throw new IllegalArgumentException("matrix array too short");
        }
        return run(null, values, nFeatures, rowStride, columns, groups, nGroups);
    }

    private static LimmaResult run(double[][] rows, double[] flat, int nFeatures, int stride, int[] columns,
            int[] groups, int nGroups) throws LimmaException {
        int nSamples = columns.length;
        if (nGroups < 2) {
            throw new IllegalArgumentException("limma needs at least two groups");
        }
        if (groups.length != nSamples) {
            throw new IllegalArgumentException("columns and groups differ in length");
        }
        if (nFeatures < 1) {
            throw new IllegalArgumentException("expression matrix has zero rows");
        }
        for (int c : columns) {
            if (c < 0 || (flat != null && c >= stride)) {
                throw new IllegalArgumentException("column index out of range: " + c);
            }
        }
        int[] designSize = new int[nGroups];
        for (int g : groups) {
            if (g < 0 || g >= nGroups) {
                throw new IllegalArgumentException("group index out of range: " + g);
            }
            designSize[g]++;
        }
        for (int g = 0; g < nGroups; g++) {
            if (designSize[g] == 0) {
                throw new IllegalArgumentException("group " + (g + 1) + " has no sample");
            }
        }

        // ---- lmFit
        FeatureFit fit = new FeatureFit(nFeatures, nGroups);
        parallelFor(nFeatures, (long) nFeatures * nSamples,
                (from, to) -> fit.fitRows(rows, flat, stride, columns, groups, from, to));

        // ---- contrasts.fit (orthogonal design: contrast variances add up)
        int nContrasts = nGroups * (nGroups - 1) / 2;
        int[] hi = new int[nContrasts];
        int[] lo = new int[nContrasts];
        String[] names = new String[nContrasts];
        int c0 = 0;
        for (int i = nGroups - 1; i >= 1; i--) {
            for (int j = 0; j < i; j++) {
                hi[c0] = i;
                lo[c0] = j;
                names[c0] = "group" + (i + 1) + "-group" + (j + 1);
                c0++;
            }
        }
        double[][] coef = new double[nContrasts][nFeatures];
        double[][] stdevUnscaled = new double[nContrasts][nFeatures];
        for (int c = 0; c < nContrasts; c++) {
            double[] mh = fit.means[hi[c]];
            double[] ml = fit.means[lo[c]];
            int[] nh = fit.counts[hi[c]];
            int[] nl = fit.counts[lo[c]];
            double[] cc = coef[c];
            double[] su = stdevUnscaled[c];
            for (int i = 0; i < nFeatures; i++) {
                if (nh[i] > 0 && nl[i] > 0) {
                    cc[i] = mh[i] - ml[i];
                    su[i] = Math.sqrt(1.0 / nh[i] + 1.0 / nl[i]);
                } else {
                    cc[i] = Double.NaN;
                    su[i] = Double.NaN;
                }
            }
        }

        // ---- eBayes: squeezeVar
        int maxDf = 0;
        long dfPooled = 0;
        boolean anyFiniteSigma = false;
        boolean anyMissing = false;
        for (int i = 0; i < nFeatures; i++) {
            maxDf = Math.max(maxDf, fit.df[i]);
            dfPooled += fit.df[i];
            anyFiniteSigma |= Double.isFinite(fit.sigma2[i]);
            anyMissing |= fit.observed[i] < nSamples;
        }
        if (maxDf == 0) {
            // R checks identical(max(df.residual), 0): true for the numeric df of the feature-by-feature fits (data
            // with missing values), false for the integer df of the single fit of complete data, which then stops
            // at the next check
            throw new LimmaException(LimmaException.R_ERROR, anyMissing
                    ? "No residual degrees of freedom in linear model fits"
                    : "No finite residual standard deviations");
        }
        if (!anyFiniteSigma) {
            throw new LimmaException(LimmaException.R_ERROR, "No finite residual standard deviations");
        }
        double[] var = new double[nFeatures];
        for (int i = 0; i < nFeatures; i++) {
            var[i] = fit.df[i] == 0 && nFeatures > 1 ? 0 : fit.sigma2[i];
        }
        double s2Prior;
        double dfPrior;
        if (nFeatures == 1) {
            s2Prior = var[0];
            dfPrior = 0;
        } else {
            double[] prior = fitFDist(var, fit.df, nSamples);
            s2Prior = prior[0];
            dfPrior = prior[1];
        }
        if (Double.isNaN(dfPrior)) {
            throw new LimmaException(LimmaException.R_ERROR, "Could not estimate prior df");
        }
        double[] s2Post = new double[nFeatures];
        for (int i = 0; i < nFeatures; i++) {
            if (nFeatures == 1) {
                s2Post[i] = var[i];
            } else if (Double.isInfinite(dfPrior)) {
                s2Post[i] = s2Prior;
            } else {
                double d = fit.df[i];
                s2Post[i] = (d * var[i] + dfPrior * s2Prior) / (d + dfPrior);
            }
        }

        // ---- moderated t and p-values
        double[] dfTotal = new double[nFeatures];
        for (int i = 0; i < nFeatures; i++) {
            dfTotal[i] = Math.min(fit.df[i] + dfPrior, (double) dfPooled);
        }
        double[][] t = new double[nContrasts][nFeatures];
        double[][] p = new double[nContrasts][nFeatures];
        for (int c = 0; c < nContrasts; c++) {
            double[] cc = coef[c];
            double[] su = stdevUnscaled[c];
            double[] tc = t[c];
            for (int i = 0; i < nFeatures; i++) {
                tc[i] = cc[i] / su[i] / Math.sqrt(s2Post[i]);
            }
            double[] pc = p[c];
            parallelFor(nFeatures, (long) nFeatures * 100, (from, to) -> {
                double lastDf = Double.NaN;
                double logBeta = Double.NaN;
                for (int i = from; i < to; i++) {
                    double d = dfTotal[i];
                    if (d != lastDf) {
                        lastDf = d;
                        logBeta = d > 0 && d < Double.POSITIVE_INFINITY ? Beta.logBeta(d / 2, 0.5) : Double.NaN;
                    }
                    pc[i] = Special.tTwoSided(tc[i], d, logBeta);
                }
            });
        }

        // ---- B-statistic (log-odds)
        double varPriorLow = STDEV_COEF_LIM_LOW * STDEV_COEF_LIM_LOW / s2Prior;
        double varPriorHigh = STDEV_COEF_LIM_HIGH * STDEV_COEF_LIM_HIGH / s2Prior;
        double[] varPrior = new double[nContrasts];
        double[][] lods = new double[nContrasts][nFeatures];
        double logPriorOdds = Math.log(PROPORTION / (1 - PROPORTION));
        boolean infiniteDf = dfPrior > 1e6;
        for (int c = 0; c < nContrasts; c++) {
            double v = tmixture(t[c], stdevUnscaled[c], dfTotal, PROPORTION, varPriorLow, varPriorHigh);
            varPrior[c] = Double.isNaN(v) ? 1 / s2Prior : v;
            double vp = varPrior[c];
            double[] tc = t[c];
            double[] su = stdevUnscaled[c];
            double[] lc = lods[c];
            for (int i = 0; i < nFeatures; i++) {
                double su2 = su[i] * su[i];
                double r = (su2 + vp) / su2;
                double t2 = tc[i] * tc[i];
                double kernel;
                if (infiniteDf) {
                    kernel = t2 * (1 - 1 / r) / 2;
                } else {
                    double dt = dfTotal[i];
                    kernel = (1 + dt) / 2 * Math.log((t2 + dt) / (t2 / r + dt));
                }
                lc[i] = logPriorOdds - Math.log(r) / 2 + kernel;
            }
        }

        // ---- moderated F (classifyTestsF, fstat.only)
        double[] fStat = new double[nFeatures];
        int df1 = moderatedF(t, designSize, hi, lo, fStat);

        return new LimmaResult(nGroups, names, coef, stdevUnscaled, fit.amean, fit.sigma2, fit.df, s2Prior,
                dfPrior, s2Post, dfTotal, t, p, varPrior, lods, fStat, df1);
    }

    /** {@code pf(F, df1, df.prior + df.residual, lower.tail = FALSE)} for every feature. */
    static double[] fPValues(double[] fStat, int df1, double dfPrior, int[] dfResidual) {
        int n = fStat.length;
        double[] fP = new double[n];
        parallelFor(n, (long) n * 100, (from, to) -> {
            double lastDf2 = Double.NaN;
            double logBeta = Double.NaN;
            for (int i = from; i < to; i++) {
                double df2 = dfPrior + dfResidual[i];
                if (df2 != lastDf2) {
                    lastDf2 = df2;
                    logBeta = df2 > 0 && df2 < Double.POSITIVE_INFINITY ? Beta.logBeta(df2 / 2, df1 / 2.0) : Double.NaN;
                }
                fP[i] = Special.fUpper(fStat[i], df1, df2, logBeta);
            }
        });
        return fP;
    }

    /** Per-feature least-squares fits of the group-means model. */
    private static final class FeatureFit {
        final double[][] means;
        final int[][] counts;
        final double[] amean;
        final double[] sigma2;
        final int[] df;
        /** Number of finite values of each feature. */
        final int[] observed;

        FeatureFit(int nFeatures, int nGroups) {
            means = new double[nGroups][nFeatures];
            counts = new int[nGroups][nFeatures];
            amean = new double[nFeatures];
            sigma2 = new double[nFeatures];
            df = new int[nFeatures];
            observed = new int[nFeatures];
        }

        void fitRows(double[][] rows, double[] flat, int stride, int[] columns, int[] groups, int from, int to) {
            int k = means.length;
            int ns = columns.length;
            double[] sum = new double[k];
            int[] cnt = new int[k];
            double[] mean = new double[k];
            for (int i = from; i < to; i++) {
                double[] row = rows != null ? rows[i] : flat;
                int base = rows != null ? 0 : i * stride;
                Arrays.fill(sum, 0);
                Arrays.fill(cnt, 0);
                double total = 0;
                int nTotal = 0;
                for (int j = 0; j < ns; j++) {
                    double v = row[base + columns[j]];
                    if (!Double.isNaN(v)) {
                        total += v;
                        nTotal++;
                        if (v - v == 0) { // finite
                            int g = groups[j];
                            sum[g] += v;
                            cnt[g]++;
                        }
                    }
                }
                // rowMeans(na.rm = TRUE)
                amean[i] = nTotal > 0 ? total / nTotal : Double.NaN;
                int rank = 0;
                int nObs = 0;
                for (int g = 0; g < k; g++) {
                    if (cnt[g] > 0) {
                        mean[g] = sum[g] / cnt[g];
                        rank++;
                        nObs += cnt[g];
                    } else {
                        mean[g] = Double.NaN;
                    }
                    means[g][i] = mean[g];
                    counts[g][i] = cnt[g];
                }
                int d = nObs - rank;
                df[i] = d;
                observed[i] = nObs;
                if (d > 0) {
                    double rss = 0;
                    for (int j = 0; j < ns; j++) {
                        double v = row[base + columns[j]];
                        if (v - v == 0) {
                            double e = v - mean[groups[j]];
                            rss += e * e;
                        }
                    }
                    sigma2[i] = rss / d;
                } else {
                    sigma2[i] = Double.NaN;
                }
            }
        }
    }

    /**
     * limma's {@code fitFDist} without covariate: moment estimation of the scale and the denominator degrees of
     * freedom of a scaled F distribution from the log variances. Returns {scale, df2}.
     */
    static double[] fitFDist(double[] x, int[] df1, int maxDf) {
        int n = x.length;
        double[] xs = new double[n];
        int[] ds = new int[n];
        int nok = 0;
        for (int i = 0; i < n; i++) {
            if (df1[i] > 0 && Double.isFinite(x[i]) && x[i] > -1e-15) {
                xs[nok] = x[i];
                ds[nok] = df1[i];
                nok++;
            }
        }
        if (nok == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        if (nok == 1) {
            return new double[] {xs[0], 0};
        }
        for (int i = 0; i < nok; i++) {
            xs[i] = Math.max(xs[i], 0);
        }
        double m = median(xs, nok);
        if (m == 0) {
            m = 1; // R warns: more than half of the residual variances are exactly zero
        }
        double floor = 1e-5 * m;
        // digamma/trigamma of df/2 only take a few values: tabulate them by df
        double[] eShift = new double[maxDf + 1];
        double[] tri = new double[maxDf + 1];
        boolean[] have = new boolean[maxDf + 1];
        double[] e = new double[nok];
        double triSum = 0;
        for (int i = 0; i < nok; i++) {
            xs[i] = Math.max(xs[i], floor);
            int d = ds[i];
            if (!have[d]) {
                double h = d / 2.0;
                eShift[d] = -Special.digamma(h) + Math.log(h);
                tri[d] = Special.trigamma(h);
                have[d] = true;
            }
            e[i] = Math.log(xs[i]) + eShift[d];
            triSum += tri[d];
        }
        double emean = mean(e, nok);
        double ss = 0;
        for (int i = 0; i < nok; i++) {
            double dv = e[i] - emean;
            ss += dv * dv;
        }
        double evar = ss / (nok - 1) - triSum / nok;
        if (evar > 0) {
            double df2 = 2 * Special.trigammaInverse(evar);
            double s20 = Math.exp(emean + Special.digamma(df2 / 2) - Math.log(df2 / 2));
            return new double[] {s20, df2};
        }
        return new double[] {mean(xs, nok), Double.POSITIVE_INFINITY};
    }

    /**
     * limma's {@code tmixture.vector}: estimates the prior variance of the non-zero coefficients from the top
     * t-statistics, after converting every t to the largest df by equal tail probability.
     */
    static double tmixture(double[] tAll, double[] suAll, double[] dfAll, double proportion, double lowLim,
            double highLim) {
        int len = tAll.length;
        double[] ts = new double[len];
        double[] su = new double[len];
        double[] dfs = new double[len];
        int n = 0;
        for (int i = 0; i < len; i++) {
            if (!Double.isNaN(tAll[i])) {
                ts[n] = Math.abs(tAll[i]);
                su[n] = suAll[i];
                dfs[n] = dfAll[i];
                n++;
            }
        }
        int ntarget = (int) Math.ceil(proportion / 2 * n);
        if (ntarget < 1) {
            return Double.NaN;
        }
        double p = Math.max((double) ntarget / n, proportion);
        double maxDf = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            maxDf = Math.max(maxDf, dfs[i]);
        }
        for (int i = 0; i < n; i++) {
            if (dfs[i] < maxDf) {
                double tailP = Special.logTUpper(ts[i], dfs[i]);
                ts[i] = Special.qtUpperLog(tailP, maxDf);
            }
        }
        int[] top = topIndices(ts, n, ntarget);
        double sumV0 = 0;
        for (int r = 1; r <= ntarget; r++) {
            int i = top[r - 1];
            double tr = ts[i];
            double v1 = su[i] * su[i];
            double p0 = Special.tTwoSided(tr, maxDf);
            double ptarget = ((r - 0.5) / n - (1 - p) * p0) / p;
            double v0 = 0;
            if (ptarget > p0) {
                double qtarget = Special.qtUpper(ptarget / 2, maxDf);
                double ratio = tr / qtarget;
                v0 = v1 * (ratio * ratio - 1);
            }
            v0 = Math.min(Math.max(v0, lowLim), highLim);
            sumV0 += v0;
        }
        return sumV0 / ntarget;
    }

    /** Indices of the k largest of the first n values, largest first; ties in index order (R's stable order). */
    private static int[] topIndices(double[] values, int n, int k) {
        double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        double threshold = sorted[n - k];
        int above = 0;
        for (int i = 0; i < n; i++) {
            if (values[i] > threshold) {
                above++;
            }
        }
        int[] pick = new int[k];
        int a = 0;
        int b = above;
        for (int i = 0; i < n && (a < above || b < k); i++) {
            double v = values[i];
            if (v > threshold) {
                pick[a++] = i;
            } else if (v == threshold && b < k) {
                pick[b++] = i;
            }
        }
        // sort the picks by value, decreasing, keeping index order among ties (insertion sort: k is small)
        for (int x = 1; x < k; x++) {
            int idx = pick[x];
            double v = values[idx];
            int y = x - 1;
            while (y >= 0 && (values[pick[y]] < v || (values[pick[y]] == v && pick[y] > idx))) {
                pick[y + 1] = pick[y];
                y--;
            }
            pick[y + 1] = idx;
        }
        return pick;
    }

    /**
     * The moderated F statistic of classifyTestsF: the squared norm of the t-vector in the metric of the inverse
     * correlation matrix of the contrasts (its eigenvectors with eigenvalue above 1e-8 of the largest), divided by
     * that rank. Writes F into {@code out} and returns the numerator degrees of freedom.
     */
    private static int moderatedF(double[][] t, int[] designSize, int[] hi, int[] lo, double[] out) {
        int nc = t.length;
        int n = out.length;
        if (nc == 1) {
            for (int i = 0; i < n; i++) {
                out[i] = t[0][i] * t[0][i];
            }
            return 1;
        }
        // covariance of the contrasts under the full design: C' diag(1/N_g) C
        double[][] cov = new double[nc][nc];
        for (int a = 0; a < nc; a++) {
            for (int b = 0; b < nc; b++) {
                double s = 0;
                for (int g = 0; g < designSize.length; g++) {
                    double ca = g == hi[a] ? 1 : g == lo[a] ? -1 : 0;
                    double cb = g == hi[b] ? 1 : g == lo[b] ? -1 : 0;
                    s += ca * cb / designSize[g];
                }
                cov[a][b] = s;
            }
        }
        double[][] cor = new double[nc][nc];
        for (int a = 0; a < nc; a++) {
            for (int b = 0; b < nc; b++) {
                cor[a][b] = cov[a][b] / Math.sqrt(cov[a][a] * cov[b][b]);
            }
        }
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(cor, false));
        double[] values = eig.getRealEigenvalues();
        Integer[] order = new Integer[nc];
        for (int k = 0; k < nc; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (u, v) -> Double.compare(values[v], values[u]));
        double largest = values[order[0]];
        int rank = 0;
        while (rank < nc && values[order[rank]] / largest > 1e-8) {
            rank++;
        }
        // Q = V[, 1:r] diag(1/sqrt(lambda)) / sqrt(r)
        double[][] q = new double[rank][nc];
        for (int k = 0; k < rank; k++) {
            double scale = 1 / Math.sqrt(values[order[k]]) / Math.sqrt(rank);
            double[] vec = eig.getEigenvector(order[k]).toArray();
            for (int c = 0; c < nc; c++) {
                q[k][c] = vec[c] * scale;
            }
        }
        for (int i = 0; i < n; i++) {
            double f = 0;
            for (int k = 0; k < rank; k++) {
                double[] qk = q[k];
                double s = 0;
                for (int c = 0; c < nc; c++) {
                    s += t[c][i] * qk[c];
                }
                f += s * s;
            }
            out[i] = f;
        }
        return rank;
    }

    /** R's median of the first n values (no NaN). */
    static double median(double[] values, int n) {
        double[] s = Arrays.copyOf(values, n);
        Arrays.sort(s);
        int half = n / 2;
        return (n & 1) == 1 ? s[half] : (s[half - 1] + s[half]) / 2;
    }

    /** R's mean: the sum divided by n, refined by the mean of the residuals. */
    static double mean(double[] values, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += values[i];
        }
        s /= n;
        if (Double.isFinite(s)) {
            double r = 0;
            for (int i = 0; i < n; i++) {
                r += values[i] - s;
            }
            s += r / n;
        }
        return s;
    }

    /** A task over a range of indices. */
    @FunctionalInterface
    interface RangeTask {
        void run(int from, int to);
    }

    /** Runs the task over [0, n) in chunks, in parallel when the work is large enough. */
    static void parallelFor(int n, long work, RangeTask task) {
        int threads = Runtime.getRuntime().availableProcessors();
        if (work < PARALLEL_THRESHOLD || threads < 2 || n < 2) {
            task.run(0, n);
            return;
        }
        int chunks = Math.min(n, threads * 4);
        IntStream.range(0, chunks).parallel().forEach(ch -> {
            int from = (int) ((long) n * ch / chunks);
            int to = (int) ((long) n * (ch + 1) / chunks);
            task.run(from, to);
        });
    }
}
