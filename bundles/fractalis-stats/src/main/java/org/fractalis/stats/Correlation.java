package org.fractalis.stats;

import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Erf;

/**
 * Correlation coefficients and p-values with the semantics of scipy 0.19.1 (the version Fractalis
 * pins; golden README §2). Inputs are paired arrays of equal length without NaN (a NaN anywhere gives
 * {@code (NaN, NaN)}); fewer than 2 pairs give {@code (NaN, NaN)}.
 *
 * <ul>
 * <li>{@link #pearson}: r clipped to [-1, 1]; p from the t distribution with n - 2 df via the
 * incomplete beta; {@code |r| = 1} gives p = 0 (this includes every n = 2 sample); a constant input
 * gives r = NaN and p = 1.0 (0.19.1 clips the NaN argument of the incomplete beta to 1).</li>
 * <li>{@link #spearman}: Pearson on average ranks ({@code numpy.corrcoef}), p = 2 * t.sf(|t|, n - 2)
 * with {@code t = r * sqrt((n - 2) / ((1 + r)(1 - r)))}; |r| = 1 with n > 2 gives p = 0, n = 2 gives
 * p = NaN, a constant input gives (NaN, NaN).</li>
 * <li>{@link #kendall}: tau-b in O(n log n) (merge-sort count of discordant pairs, ties by exact
 * equality); p always from the normal approximation {@code erfc(|S| / sqrt(var) / sqrt 2)} with the
 * tie-corrected variance of §2; n = 2 gives p = NaN (0/0 in the variance); an input that is all ties
 * gives (NaN, NaN).</li>
 * </ul>
 */
public final class Correlation {

    /**
     * A coefficient and its two-sided p-value (either may be NaN).
     *
     * @param coef the correlation coefficient
     * @param p the p-value
     */
    public record Result(double coef, double p) {
        static final Result NAN = new Result(Double.NaN, Double.NaN);
    }

    private Correlation() {
    }

    private static boolean invalid(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y must have the same length");
        }
        if (x.length < 2) {
            return true;
        }
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i]) || Double.isNaN(y[i])) {
                return true;
            }
        }
        return false;
    }

    /** {@code scipy.stats.pearsonr} (0.19.1). */
    public static Result pearson(double[] x, double[] y) {
        if (invalid(x, y)) {
            return Result.NAN;
        }
        int n = x.length;
        double r = pearsonR(x, y);
        if (Double.isNaN(r)) {
            return new Result(r, 1.0);
        }
        r = Math.max(Math.min(r, 1.0), -1.0);
        if (n == 2) {
            // 0.19.1 returns p = 0 for |r| = 1, which every two-point sample is up to rounding
            return new Result(Math.signum(r) == 0 ? r : Math.signum(r), 0.0);
        }
        if (Math.abs(r) == 1.0) {
            return new Result(r, 0.0);
        }
        double df = n - 2;
        double tSquared = r * r * (df / ((1.0 - r) * (1.0 + r)));
        double xb = df / (df + tSquared);
        if (!(xb < 1.0)) {
            xb = 1.0;
        }
        return new Result(r, betai(0.5 * df, 0.5, xb));
    }

    private static double pearsonR(double[] x, double[] y) {
        int n = x.length;
        double mx = Descriptive.mean(x);
        double my = Descriptive.mean(y);
        double[] xy = new double[n];
        double[] xx = new double[n];
        double[] yy = new double[n];
        for (int i = 0; i < n; i++) {
            double a = x[i] - mx;
            double b = y[i] - my;
            xy[i] = a * b;
            xx[i] = a * a;
            yy[i] = b * b;
        }
        double num = Descriptive.sum(xy);
        double den = Math.sqrt(Descriptive.sum(xx) * Descriptive.sum(yy));
        return num / den;
    }

    /** {@code scipy.stats.spearmanr} (same in 0.19.1 and later). */
    public static Result spearman(double[] x, double[] y) {
        if (invalid(x, y)) {
            return Result.NAN;
        }
        int n = x.length;
        double[] rx = Ranks.average(x);
        double[] ry = Ranks.average(y);
        // numpy.corrcoef: covariance, divided by the two standard deviations, clipped
        double mx = Descriptive.mean(rx);
        double my = Descriptive.mean(ry);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double a = rx[i] - mx;
            double b = ry[i] - my;
            sxy += a * b;
            sxx += a * a;
            syy += b * b;
        }
        double fact = n - 1;
        double r = (sxy / fact) / Math.sqrt(sxx / fact) / Math.sqrt(syy / fact);
        if (Double.isNaN(r)) {
            return Result.NAN;
        }
        r = Math.max(-1.0, Math.min(1.0, r));
        double df = n - 2;
        if (df <= 0) {
            return new Result(r, Double.NaN);
        }
        double t = r * Math.sqrt(df / ((r + 1.0) * (1.0 - r)));
        return new Result(r, studentTwoSided(Math.abs(t), df));
    }

    /** {@code 2 * t.sf(|t|, df)} = I_{df/(df+t^2)}(df/2, 1/2). */
    static double studentTwoSided(double absT, double df) {
        if (Double.isNaN(absT)) {
            return Double.NaN;
        }
        if (Double.isInfinite(absT)) {
            return 0.0;
        }
        return betai(0.5 * df, 0.5, df / (df + absT * absT));
    }

    private static double betai(double a, double b, double x) {
        if (x <= 0) {
            return 0.0;
        }
        if (x >= 1) {
            return 1.0;
        }
        return Beta.regularizedBeta(x, a, b, 1e-15, Integer.MAX_VALUE);
    }

    /** {@code scipy.stats.kendalltau} (0.19.1): tau-b with the normal-approximation p-value. */
    public static Result kendall(double[] x, double[] y) {
        if (invalid(x, y)) {
            return Result.NAN;
        }
        int n = x.length;
        int[] byXY = IndexSort.sortedIndices(x, y);
        // ties in x and joint ties, from the (x, y) order
        long xtie = 0;
        long x0 = 0;
        long x1 = 0;
        long ntie = 0;
        int i = 0;
        while (i < n) {
            int j = i + 1;
            while (j < n && x[byXY[j]] == x[byXY[i]]) {
                j++;
            }
            long t = j - i;
            xtie += t * (t - 1) / 2;
            x0 += t * (t - 1) * (t - 2);
            x1 += t * (t - 1) * (2 * t + 5);
            int k = i;
            while (k < j) {
                int m = k + 1;
                while (m < j && y[byXY[m]] == y[byXY[k]]) {
                    m++;
                }
                long u = m - k;
                ntie += u * (u - 1) / 2;
                k = m;
            }
            i = j;
        }
        // ties in y
        double[] ys = y.clone();
        java.util.Arrays.sort(ys);
        long ytie = 0;
        long y0 = 0;
        long y1 = 0;
        i = 0;
        while (i < n) {
            int j = i + 1;
            while (j < n && ys[j] == ys[i]) {
                j++;
            }
            long t = j - i;
            ytie += t * (t - 1) / 2;
            y0 += t * (t - 1) * (t - 2);
            y1 += t * (t - 1) * (2 * t + 5);
            i = j;
        }
        long tot = (long) n * (n - 1) / 2;
        if (xtie == tot || ytie == tot) {
            return Result.NAN;
        }
        double[] seq = new double[n];
        for (int k = 0; k < n; k++) {
            seq[k] = y[byXY[k]];
        }
        long dis = countInversions(seq, new double[n], 0, n);
        long conMinusDis = tot - xtie - ytie + ntie - 2 * dis;
        double tau = conMinusDis / Math.sqrt(tot - xtie) / Math.sqrt(tot - ytie);
        tau = Math.min(1.0, Math.max(-1.0, tau));
        double nn = n;
        double varS = (nn * (nn - 1) * (2.0 * nn + 5) - x1 - y1) / 18.0
                + (2.0 * xtie * ytie) / (nn * (nn - 1))
                + ((double) x0 * (double) y0) / (9.0 * nn * (nn - 1) * (nn - 2));
        double z = conMinusDis / Math.sqrt(varS);
        double p = Double.isNaN(z) ? Double.NaN : Erf.erfc(Math.abs(z) / Math.sqrt(2.0));
        return new Result(tau, p);
    }

    /** Sorts a[lo, hi) ascending and returns the number of pairs i < j with a[i] > a[j]. */
    private static long countInversions(double[] a, double[] tmp, int lo, int hi) {
        if (hi - lo < 2) {
            return 0;
        }
        if (hi - lo <= 16) {
            long inv = 0;
            for (int i = lo + 1; i < hi; i++) {
                double v = a[i];
                int j = i - 1;
                while (j >= lo && a[j] > v) {
                    a[j + 1] = a[j];
                    j--;
                    inv++;
                }
                a[j + 1] = v;
            }
            return inv;
        }
        int mid = (lo + hi) >>> 1;
        long inv = countInversions(a, tmp, lo, mid) + countInversions(a, tmp, mid, hi);
        if (a[mid - 1] <= a[mid]) {
            return inv;
        }
        System.arraycopy(a, lo, tmp, lo, hi - lo);
        int i = lo;
        int j = mid;
        for (int k = lo; k < hi; k++) {
            if (j >= hi || (i < mid && tmp[i] <= tmp[j])) {
                a[k] = tmp[i++];
            } else {
                inv += mid - i;
                a[k] = tmp[j++];
            }
        }
        return inv;
    }
}
