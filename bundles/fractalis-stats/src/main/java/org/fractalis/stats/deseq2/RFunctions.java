package org.fractalis.stats.deseq2;

import java.util.Arrays;

import org.apache.commons.math3.special.Erf;

/**
 * Small numeric routines with the exact semantics of the R functions DESeq2 relies on
 * ({@code median}, {@code quantile} type 7, {@code mad}, {@code mean(trim=)}, {@code seq}, {@code p.adjust("BH")},
 * {@code lowess}, special functions and the negative binomial log density).
 */
final class RFunctions {

    static final double LN2 = Math.log(2.0);
    static final double LOG2E = 1.0 / LN2;
    private static final double LN_SQRT_2PI = 0.918938533204672741780329736406;
    private static final double LN_2PI = 1.837877066409345483560659472811;

    private RFunctions() {
    }

    /** R {@code median} of the first {@code n} values (sorted copy; NaN-free input). */
    static double median(double[] values, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        double[] s = Arrays.copyOf(values, n);
        Arrays.sort(s);
        int half = n / 2;
        if (n % 2 == 1) {
            return s[half];
        }
        return (s[half - 1] + s[half]) / 2.0;
    }

    /** R {@code mad(x)} with constant 1.4826 and centre {@code median(x)}. */
    static double mad(double[] values, int n) {
        double center = median(values, n);
        double[] dev = new double[n];
        for (int i = 0; i < n; i++) {
            dev[i] = Math.abs(values[i] - center);
        }
        return 1.4826 * median(dev, n);
    }

    /** R {@code mean(x, trim = trim)} of the values (NaN-free input). */
    static double trimmedMean(double[] values, int n, double trim) {
        if (n == 0) {
            return Double.NaN;
        }
        if (trim >= 0.5) {
            return median(values, n);
        }
        int lo = (int) Math.floor(n * trim) + 1;
        int hi = n + 1 - lo;
        double[] s = Arrays.copyOf(values, n);
        Arrays.sort(s);
        return mean(s, lo - 1, hi);
    }

    /** R {@code mean} of {@code x[from, to)}: the sum divided by n, refined by a second pass as R does. */
    static double mean(double[] x, int from, int to) {
        int n = to - from;
        double s = 0.0;
        for (int i = from; i < to; i++) {
            s += x[i];
        }
        s /= n;
        if (Double.isFinite(s)) {
            double t = 0.0;
            for (int i = from; i < to; i++) {
                t += x[i] - s;
            }
            s += t / n;
        }
        return s;
    }

    /** R {@code seq(from, to, length.out = n)}. */
    static double[] seq(double from, double to, int n) {
        double[] out = new double[n];
        if (n == 1) {
            out[0] = from;
            return out;
        }
        if (from == to) {
            Arrays.fill(out, from);
            return out;
        }
        double by = (to - from) / (n - 1);
        out[0] = from;
        for (int i = 1; i < n - 1; i++) {
            out[i] = from + i * by;
        }
        out[n - 1] = to;
        return out;
    }

    /** R {@code quantile(x, probs)} with the default type 7; {@code sorted} must be sorted ascending. */
    static double quantileSorted(double[] sorted, double prob) {
        int n = sorted.length;
        double index = 1 + Math.max(n - 1, 0) * prob;
        int lo = (int) Math.floor(index);
        int hi = (int) Math.ceil(index);
        double qs = sorted[lo - 1];
        double xhi = sorted[hi - 1];
        if (index > lo && xhi != qs) {
            double h = index - lo;
            qs = (1 - h) * qs + h * xhi;
        }
        return qs;
    }

    /**
     * R {@code p.adjust(p, "BH")}: NaN entries stay NaN and do not count in the number of tests. The adjusted value
     * depends on the p-value only (ties get equal values), so it is looked up by value after one sort.
     */
    static double[] adjustBh(double[] p) {
        int n = p.length;
        int lp = 0;
        for (double v : p) {
            if (!Double.isNaN(v)) {
                lp++;
            }
        }
        if (lp <= 1) {
            return p.clone();
        }
        double[] sorted = new double[lp];
        int k = 0;
        for (double v : p) {
            if (!Double.isNaN(v)) {
                sorted[k++] = v;
            }
        }
        Arrays.sort(sorted);
        // descending pass: rank i = lp..1, cummin of lp / i * p
        double[] adjSorted = new double[lp];
        double cummin = Double.POSITIVE_INFINITY;
        for (int r = lp - 1; r >= 0; r--) {
            int i = r + 1;
            double v = (double) lp / i * sorted[r];
            if (v < cummin) {
                cummin = v;
            }
            adjSorted[r] = Math.min(1.0, cummin);
        }
        double[] out = new double[n];
        for (int j = 0; j < n; j++) {
            double v = p[j];
            if (Double.isNaN(v)) {
                out[j] = Double.NaN;
            } else {
                // the highest rank among ties, which is the first one processed in R's descending order
                int pos = upperBound(sorted, v) - 1;
                out[j] = adjSorted[pos];
            }
        }
        return out;
    }

    /** Index of the first element greater than v in the ascending array. */
    private static int upperBound(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * R {@code lowess(x, y, f, iter = 3, delta = 0.01 * diff(range(x)))} for x already sorted ascending
     * (the C routine {@code clowess}).
     */
    static double[] lowess(double[] x, double[] y, double f) {
        int n = x.length;
        double delta = 0.01 * (x[n - 1] - x[0]);
        double[] ys = new double[n];
        if (n < 2) {
            ys[0] = y[0];
            return ys;
        }
        int nsteps = 3;
        double[] rw = new double[n];
        double[] res = new double[n];
        double[] w = new double[n];
        int ns = Math.max(2, Math.min(n, (int) (f * n + 1e-7)));
        int iter = 1;
        while (iter <= nsteps + 1) {
            int nleft = 0;
            int nright = ns - 1;
            int last = -1;
            int i = 0;
            for (;;) {
                if (nright < n - 1) {
                    double d1 = x[i] - x[nleft];
                    double d2 = x[nright + 1] - x[i];
                    if (d1 > d2) {
                        nleft++;
                        nright++;
                        continue;
                    }
                }
                boolean ok = lowest(x, y, n, x[i], ys, i, nleft, nright, w, iter > 1, rw);
                if (!ok) {
                    ys[i] = y[i];
                }
                if (last < i - 1) {
                    double denom = x[i] - x[last];
                    for (int j = last + 1; j < i; j++) {
                        double alpha = (x[j] - x[last]) / denom;
                        ys[j] = alpha * ys[i] + (1. - alpha) * ys[last];
                    }
                }
                last = i;
                double cut = x[last] + delta;
                for (i = last + 1; i < n; i++) {
                    if (x[i] > cut) {
                        break;
                    }
                    if (x[i] == x[last]) {
                        ys[i] = ys[last];
                        last = i;
                    }
                }
                i = Math.max(last + 1, i - 1);
                if (last >= n - 1) {
                    break;
                }
            }
            for (int k = 0; k < n; k++) {
                res[k] = y[k] - ys[k];
            }
            double sc = 0.;
            for (int k = 0; k < n; k++) {
                sc += Math.abs(res[k]);
            }
            sc /= n;
            if (iter > nsteps) {
                break;
            }
            for (int k = 0; k < n; k++) {
                rw[k] = Math.abs(res[k]);
            }
            double[] sorted = rw.clone();
            Arrays.sort(sorted);
            int m1 = n / 2;
            double cmad;
            if (n % 2 == 0) {
                int m2 = n - m1 - 1;
                cmad = 3. * (sorted[m1] + sorted[m2]);
            } else {
                cmad = 6. * sorted[m1];
            }
            if (cmad < 1e-7 * sc) {
                break;
            }
            double c9 = 0.999 * cmad;
            double c1 = 0.001 * cmad;
            for (int k = 0; k < n; k++) {
                double r = Math.abs(res[k]);
                if (r <= c1) {
                    rw[k] = 1.;
                } else if (r <= c9) {
                    double q = r / cmad;
                    double t = 1. - q * q;
                    rw[k] = t * t;
                } else {
                    rw[k] = 0.;
                }
            }
            iter++;
        }
        return ys;
    }

    private static boolean lowest(double[] x, double[] y, int n, double xs, double[] ys, int ysIndex, int nleft,
            int nright, double[] w, boolean userw, double[] rw) {
        double range = x[n - 1] - x[0];
        double h = Math.max(xs - x[nleft], x[nright] - xs);
        double h9 = 0.999 * h;
        double h1 = 0.001 * h;
        double a = 0.;
        int j = nleft;
        while (j < n) {
            w[j] = 0.;
            double r = Math.abs(x[j] - xs);
            if (r <= h9) {
                if (r <= h1) {
                    w[j] = 1.;
                } else {
                    double q = r / h;
                    double t = 1. - q * q * q;
                    w[j] = t * t * t;
                }
                if (userw) {
                    w[j] *= rw[j];
                }
                a += w[j];
            } else if (x[j] > xs) {
                break;
            }
            j++;
        }
        int nrt = j - 1;
        if (a <= 0.) {
            return false;
        }
        for (j = nleft; j <= nrt; j++) {
            w[j] /= a;
        }
        if (h > 0.) {
            a = 0.;
            for (j = nleft; j <= nrt; j++) {
                a += w[j] * x[j];
            }
            double b = xs - a;
            double c = 0.;
            for (j = nleft; j <= nrt; j++) {
                c += w[j] * (x[j] - a) * (x[j] - a);
            }
            if (Math.sqrt(c) > 0.001 * range) {
                b /= c;
                for (j = nleft; j <= nrt; j++) {
                    w[j] *= (b * (x[j] - a) + 1.);
                }
            }
        }
        double s = 0.;
        for (j = nleft; j <= nrt; j++) {
            s += w[j] * y[j];
        }
        ys[ysIndex] = s;
        return true;
    }

    /** Two-sided normal p-value {@code 2 * pnorm(|z|, lower.tail = FALSE)}. */
    static double twoSidedNormalP(double z) {
        if (Double.isNaN(z)) {
            return Double.NaN;
        }
        double a = Math.abs(z);
        return Erf.erfc(a / Math.sqrt(2.0));
    }

    /** The digamma function for x &gt; 0 (recurrence to x &ge; 12, then the asymptotic series). */
    static double digamma(double x) {
        if (Double.isNaN(x) || x <= 0) {
            return x == 0 ? Double.NEGATIVE_INFINITY : Double.NaN;
        }
        double result = 0.0;
        while (x < 12.0) {
            result -= 1.0 / x;
            x += 1.0;
        }
        double inv = 1.0 / x;
        double inv2 = inv * inv;
        // log(x) - 1/(2x) - sum B_2k / (2k x^2k)
        double series = inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240
                - inv2 * (1.0 / 132 - inv2 * (691.0 / 32760 - inv2 / 12.0))))));
        return result + Math.log(x) - 0.5 * inv - series;
    }

    /**
     * log Gamma(x) for x &gt; 0: Stirling's series for x &ge; 10 (R's {@code lgammafn} uses the same form there),
     * the recurrence Gamma(x) = Gamma(x + k) / (x (x+1) ... (x+k-1)) below.
     */
    static double lgamma(double x) {
        if (!(x > 0)) {
            return x == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        }
        if (x >= 10) {
            return lgammaStirling(x);
        }
        double prod = x;
        double z = x + 1;
        while (z < 10) {
            prod *= z;
            z += 1;
        }
        return lgammaStirling(z) - Math.log(prod);
    }

    private static double lgammaStirling(double x) {
        if (x == Double.POSITIVE_INFINITY) {
            return x;
        }
        double inv = 1.0 / x;
        double inv2 = inv * inv;
        double series = inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 * (1.0 / 1680
                - inv2 * (1.0 / 1188 - inv2 * (691.0 / 360360 - inv2 / 156.0))))));
        return LN_SQRT_2PI + (x - 0.5) * Math.log(x) - x + series;
    }

    /** R's {@code dnbinom_mu(x, size, mu, log = TRUE)} (Loader's saddle point algorithm). */
    static double dnbinomMuLog(double x, double size, double mu) {
        if (mu == 0) {
            return x == 0 ? 0.0 : Double.NEGATIVE_INFINITY;
        }
        if (x == 0) {
            return size * (size < mu ? Math.log(size / (size + mu)) : Math.log1p(-mu / (size + mu)));
        }
        if (x < 1e-10 * size) {
            double p = size < mu ? Math.log(size / (1 + size / mu)) : Math.log(mu / (1 + mu / size));
            return x * p - mu - lgamma(x + 1) + Math.log1p(x * (x - 1) / (2 * size));
        }
        double p = size / (size + x);
        double ans = dbinomRawLog(size, x + size, size / (size + mu), mu / (size + mu));
        return Math.log(p) + ans;
    }

    private static double dbinomRawLog(double x, double n, double p, double q) {
        if (p == 0) {
            return x == 0 ? 0.0 : Double.NEGATIVE_INFINITY;
        }
        if (q == 0) {
            return x == n ? 0.0 : Double.NEGATIVE_INFINITY;
        }
        double lc;
        if (x == 0) {
            if (n == 0) {
                return 0.0;
            }
            return p < 0.1 ? -bd0(n, n * q) - n * p : n * Math.log(q);
        }
        if (x == n) {
            return q < 0.1 ? -bd0(n, n * p) - n * q : n * Math.log(p);
        }
        if (x < 0 || x > n) {
            return Double.NEGATIVE_INFINITY;
        }
        lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
        double lf = LN_2PI + Math.log(x) + Math.log1p(-x / n);
        return lc - 0.5 * lf;
    }

    private static double stirlerr(double n) {
        final double s0 = 1.0 / 12;
        final double s1 = 1.0 / 360;
        final double s2 = 1.0 / 1260;
        final double s3 = 1.0 / 1680;
        final double s4 = 1.0 / 1188;
        if (n <= 15.0) {
            return lgamma(n + 1.) - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
        }
        double nn = n * n;
        if (n > 500) {
            return (s0 - s1 / nn) / n;
        }
        if (n > 80) {
            return (s0 - (s1 - s2 / nn) / nn) / n;
        }
        if (n > 35) {
            return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n;
        }
        return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n;
    }

    private static double bd0(double x, double np) {
        if (Math.abs(x - np) < 0.1 * (x + np)) {
            double v = (x - np) / (x + np);
            double s = (x - np) * v;
            if (Math.abs(s) < Double.MIN_NORMAL) {
                return s;
            }
            double ej = 2 * x * v;
            v *= v;
            for (int j = 1; j < 1000; j++) {
                ej *= v;
                double s1 = s + ej / ((j << 1) + 1);
                if (s1 == s) {
                    return s1;
                }
                s = s1;
            }
        }
        return x * Math.log(x / np) + np - x;
    }
}
