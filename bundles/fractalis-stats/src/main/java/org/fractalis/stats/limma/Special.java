package org.fractalis.stats.limma;

import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;

/**
 * Special functions and tail probabilities with the semantics of the R functions limma calls
 * ({@code trigammaInverse}, {@code pt}, {@code qt}, {@code pf}). Tails are computed from the regularised
 * incomplete beta function directly, never as {@code 1 - cdf}.
 */
final class Special {

    private static final double LOG_HALF = Math.log(0.5);
    private static final double TINY = 1e-300;
    private static final double CF_EPS = 1e-15;

    private Special() {
    }

    static double digamma(double x) {
        return Gamma.digamma(x);
    }

    static double trigamma(double x) {
        return Gamma.trigamma(x);
    }

    /** The second derivative of the log gamma function, {@code psigamma(x, deriv = 2)}, for x > 0. */
    static double tetragamma(double x) {
        double acc = 0;
        while (x < 20) {
            acc -= 2 / (x * x * x);
            x += 1;
        }
        double inv = 1 / x;
        double inv2 = inv * inv;
        // asymptotic series: -1/x^2 - 1/x^3 - 1/(2x^4) + 1/(6x^6) - 1/(6x^8) + 3/(10x^10) - 5/(6x^12)
        double series = -inv2 - inv2 * inv - 0.5 * inv2 * inv2
                + inv2 * inv2 * inv2 * (1.0 / 6 + inv2 * (-1.0 / 6 + inv2 * (0.3 - inv2 * 5.0 / 6)));
        return acc + series;
    }

    /**
     * Solves {@code trigamma(y) = x} for y with limma's Newton iteration (start {@code 0.5 + 1/x}, stop when the
     * relative step is below 1e-8), including its special cases for very large and very small x.
     */
    static double trigammaInverse(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (x < 0) {
            return Double.NaN;
        }
        if (x > 1e7) {
            return 1 / Math.sqrt(x);
        }
        if (x < 1e-6) {
            return 1 / x;
        }
        double y = 0.5 + 1 / x;
        for (int iter = 1; iter <= 51; iter++) {
            double tri = trigamma(y);
            double dif = tri * (1 - tri / x) / tetragamma(y);
            y += dif;
            if (-dif / y < 1e-8) {
                break;
            }
        }
        return y;
    }

    /** Two-sided t p-value {@code 2 * pt(-|t|, df)}; df may be infinite (normal). */
    static double tTwoSided(double t, double df) {
        return tTwoSided(t, df, Double.isFinite(df) && df > 0 ? Beta.logBeta(df / 2, 0.5) : Double.NaN);
    }

    /**
     * Two-sided t p-value with {@code logBeta = log B(df/2, 1/2)} supplied by the caller (it only depends on df, which
     * is the same for most features): {@code I_x(df/2, 1/2)} with {@code x = df/(df+t^2)}.
     */
    static double tTwoSided(double t, double df, double logBeta) {
        if (Double.isNaN(t) || Double.isNaN(df) || !(df > 0)) {
            return Double.NaN;
        }
        double at = Math.abs(t);
        if (Double.isInfinite(at)) {
            return 0;
        }
        if (Double.isInfinite(df)) {
            return Erf.erfc(at / Math.sqrt(2));
        }
        double t2 = at * at;
        double s = df + t2;
        return regularizedBeta(df / s, t2 / s, df / 2, 0.5, logBeta);
    }

    /**
     * The regularised incomplete beta function I_x(a, b) with y = 1 - x given separately (for accuracy) and
     * {@code logBeta = log B(a, b)}. Uses the continued fraction on the side where it converges quickly and the
     * symmetry I_x(a, b) = 1 - I_y(b, a) on the other, so small upper tails keep their relative accuracy.
     */
    static double regularizedBeta(double x, double y, double a, double b, double logBeta) {
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return Double.NaN;
        }
        if (x <= 0) {
            return 0;
        }
        if (y <= 0) {
            return 1;
        }
        if (x < (a + 1) / (a + b + 2)) {
            return Math.exp(a * Math.log(x) + b * Math.log(y) - logBeta - Math.log(a)) / betaContinuedFraction(x, a, b);
        }
        return 1 - Math.exp(b * Math.log(y) + a * Math.log(x) - logBeta - Math.log(b)) / betaContinuedFraction(y, b, a);
    }

    /** Upper tail {@code pt(t, df, lower.tail = FALSE)} for any t. */
    static double tUpper(double t, double df) {
        double p2 = tTwoSided(t, df);
        if (Double.isNaN(p2)) {
            return p2;
        }
        return t >= 0 ? 0.5 * p2 : 1 - 0.5 * p2;
    }

    /** {@code pt(t, df, lower.tail = FALSE, log.p = TRUE)} for t >= 0, accurate far into the tail. */
    static double logTUpper(double t, double df) {
        if (Double.isNaN(t) || Double.isNaN(df)) {
            return Double.NaN;
        }
        if (t < 0) {
            return Math.log(tUpper(t, df));
        }
        if (Double.isInfinite(t)) {
            return Double.NEGATIVE_INFINITY;
        }
        if (Double.isInfinite(df)) {
            double p = 0.5 * Erf.erfc(t / Math.sqrt(2));
            if (p > TINY) {
                return Math.log(p);
            }
            // Mills ratio asymptotics for the normal tail
            double t2 = t * t;
            return -0.5 * t2 - Math.log(t) - 0.5 * Math.log(2 * Math.PI)
                    + Math.log1p(-1 / t2 + 3 / (t2 * t2) - 15 / (t2 * t2 * t2));
        }
        double t2 = t * t;
        double x = df / (df + t2);
        double y = t2 / (df + t2);
        double a = df / 2;
        double b = 0.5;
        if (x < (a + 1) / (a + b + 2)) {
            return LOG_HALF + logIncompleteBetaDirect(x, y, a, b);
        }
        return LOG_HALF + Math.log(regularizedBeta(x, y, a, b, Beta.logBeta(a, b)));
    }

    /**
     * The t quantile {@code qt(logp, df, lower.tail = FALSE, log.p = TRUE)} for {@code logp <= log(0.5)}, i.e. the
     * t >= 0 whose upper tail probability is {@code exp(logp)}.
     */
    static double qtUpperLog(double logp, double df) {
        if (Double.isNaN(logp) || Double.isNaN(df)) {
            return Double.NaN;
        }
        if (logp >= LOG_HALF) {
            return logp == LOG_HALF ? 0 : Double.NaN;
        }
        if (logp == Double.NEGATIVE_INFINITY) {
            return Double.POSITIVE_INFINITY;
        }
        // bracket [lo, hi] with logTUpper(lo) > logp >= logTUpper(hi), logTUpper decreasing
        double lo = 0;
        double hi = 1;
        while (logTUpper(hi, df) > logp) {
            lo = hi;
            hi *= 2;
            if (Double.isInfinite(hi)) {
                return hi;
            }
        }
        double t = initialQuantile(logp, df, lo, hi);
        for (int iter = 0; iter < 200; iter++) {
            double f = logTUpper(t, df) - logp;
            if (f == 0) {
                return t;
            }
            if (f > 0) {
                lo = t;
            } else {
                hi = t;
            }
            // Newton step on log(upper tail): d/dt log S = -density / S
            double logDensity = logTDensity(t, df);
            double slope = -Math.exp(logDensity - (f + logp));
            double next = t - f / slope;
            if (!(next > lo && next < hi) || Double.isNaN(next)) {
                next = 0.5 * (lo + hi);
            }
            if (Math.abs(next - t) <= 1e-15 * Math.max(1, Math.abs(t)) || hi - lo <= 1e-15 * hi) {
                return next;
            }
            t = next;
        }
        return t;
    }

    private static double initialQuantile(double logp, double df, double lo, double hi) {
        double p = Math.exp(logp);
        if (p > 1e-290 && !Double.isInfinite(df)) {
            double q = -new org.apache.commons.math3.distribution.TDistribution(null, df).inverseCumulativeProbability(p);
            if (q > lo && q < hi) {
                return q;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** log of the t density. */
    static double logTDensity(double t, double df) {
        if (Double.isInfinite(df)) {
            return -0.5 * t * t - 0.5 * Math.log(2 * Math.PI);
        }
        return -0.5 * (df + 1) * Math.log1p(t * t / df) - 0.5 * Math.log(df) - Beta.logBeta(0.5 * df, 0.5);
    }

    /** {@code qt(p, df, lower.tail = FALSE)} for 0 < p <= 0.5. */
    static double qtUpper(double p, double df) {
        return qtUpperLog(Math.log(p), df);
    }

    /** Upper tail of the F distribution {@code pf(f, df1, df2, lower.tail = FALSE)}; df2 may be infinite. */
    static double fUpper(double f, double df1, double df2) {
        if (Double.isNaN(f) || Double.isNaN(df1) || Double.isNaN(df2) || !(df1 > 0) || !(df2 > 0)) {
            return Double.NaN;
        }
        if (f <= 0) {
            return 1;
        }
        if (Double.isInfinite(f)) {
            return 0;
        }
        if (Double.isInfinite(df2)) {
            return Gamma.regularizedGammaQ(df1 / 2, f * df1 / 2);
        }
        return fUpper(f, df1, df2, Beta.logBeta(df2 / 2, df1 / 2));
    }

    /** {@link #fUpper(double, double, double)} with {@code logBeta = log B(df2/2, df1/2)} supplied. */
    static double fUpper(double f, double df1, double df2, double logBeta) {
        if (Double.isNaN(f) || Double.isNaN(df1) || Double.isNaN(df2) || !(df1 > 0) || !(df2 > 0)) {
            return Double.NaN;
        }
        if (f <= 0) {
            return 1;
        }
        if (Double.isInfinite(f)) {
            return 0;
        }
        if (Double.isInfinite(df2)) {
            return Gamma.regularizedGammaQ(df1 / 2, f * df1 / 2);
        }
        double s = df2 + df1 * f;
        return regularizedBeta(df2 / s, df1 * f / s, df2 / 2, df1 / 2, logBeta);
    }

    /**
     * log I_x(a, b) from the continued fraction, for x < (a+1)/(a+b+2) where it converges quickly; y = 1 - x given
     * separately for accuracy.
     */
    static double logIncompleteBetaDirect(double x, double y, double a, double b) {
        double front = a * Math.log(x) + b * Math.log(y) - Math.log(a) - Beta.logBeta(a, b);
        return front - Math.log(betaContinuedFraction(x, a, b));
    }

    /**
     * The continued fraction K with I_x(a,b) = x^a (1-x)^b / (a B(a,b)) / K (modified Lentz evaluation of
     * 1 + d1/(1 + d2/(1 + ...)) with d_{2m} = m(b-m)x/((a+2m-1)(a+2m)), d_{2m+1} = -(a+m)(a+b+m)x/((a+2m)(a+2m+1))).
     */
    private static double betaContinuedFraction(double x, double a, double b) {
        double f = 1;
        double c = 1;
        double d = 0;
        for (int n = 1; n < 100000; n++) {
            double dn;
            if ((n & 1) == 0) {
                double m = n / 2.0;
                dn = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
            } else {
                double m = (n - 1) / 2.0;
                dn = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
            }
            d = 1 + dn * d;
            if (Math.abs(d) < TINY) {
                d = TINY;
            }
            c = 1 + dn / c;
            if (Math.abs(c) < TINY) {
                c = TINY;
            }
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < CF_EPS) {
                break;
            }
        }
        return f;
    }

    /** Benjamini-Hochberg adjustment as R's {@code p.adjust(p, "BH")}: NaN stays NaN, n = number of non-NaN. */
    static double[] adjustBH(double[] p) {
        int len = p.length;
        double[] sorted = new double[len];
        int n = 0;
        for (double v : p) {
            if (!Double.isNaN(v)) {
                sorted[n++] = v;
            }
        }
        if (n <= 1) {
            return p.clone();
        }
        sorted = java.util.Arrays.copyOf(sorted, n);
        java.util.Arrays.sort(sorted);
        // R: i <- n:1 over p sorted decreasingly, pmin(1, cummin(n / i * p[o])). In ascending order the rank i of
        // position q is q + 1. Tied p-values all receive the value of the first of them met from the top, so the
        // adjusted value of a p-value can be looked up by value.
        double[] adjusted = new double[n];
        double cummin = Double.POSITIVE_INFINITY;
        for (int q = n - 1; q >= 0; q--) {
            double v = ((double) n / (q + 1)) * sorted[q];
            if (v < cummin) {
                cummin = v;
            }
            adjusted[q] = Math.min(1, cummin);
        }
        double[] out = new double[len];
        for (int i = 0; i < len; i++) {
            double v = p[i];
            out[i] = Double.isNaN(v) ? Double.NaN : adjusted[java.util.Arrays.binarySearch(sorted, v)];
        }
        return out;
    }
}
