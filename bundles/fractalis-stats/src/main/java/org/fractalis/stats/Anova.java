package org.fractalis.stats;

import org.apache.commons.math3.special.Beta;

/**
 * One-way ANOVA as {@code scipy.stats.f_oneway} of scipy 0.19.1: the data are shifted by the grand mean,
 * {@code F = (SSB / (k - 1)) / (SSW / (N - k))}, {@code p = fdtrc(k - 1, N - k, F)}. One group gives
 * {@code (NaN, NaN)} (0/0), as in 0.19.1 (newer scipy raises).
 */
public final class Anova {

    /**
     * The result.
     *
     * @param f the F statistic (may be NaN or infinite)
     * @param p the p-value (NaN when F is NaN)
     */
    public record Result(double f, double p) {
    }

    private Anova() {
    }

    /**
     * @param groups at least one group; each group non-empty
     * @throws IllegalArgumentException with no groups (numpy: "need at least one array to concatenate")
     */
    public static Result oneWay(double[]... groups) {
        if (groups.length == 0) {
            throw new IllegalArgumentException("need at least one array to concatenate");
        }
        int bign = 0;
        for (double[] g : groups) {
            bign += g.length;
        }
        double[] all = new double[bign];
        int k = 0;
        for (double[] g : groups) {
            System.arraycopy(g, 0, all, k, g.length);
            k += g.length;
        }
        double offset = Descriptive.mean(all);
        double[] sq = new double[bign];
        for (int i = 0; i < bign; i++) {
            all[i] -= offset;
            sq[i] = all[i] * all[i];
        }
        double sumAll = Descriptive.sum(all);
        double sstot = Descriptive.sum(sq) - (sumAll * sumAll) / bign;
        double ssbn = 0;
        for (double[] g : groups) {
            double[] c = new double[g.length];
            for (int i = 0; i < g.length; i++) {
                c[i] = g[i] - offset;
            }
            double s = Descriptive.sum(c);
            ssbn += s * s / g.length;
        }
        ssbn -= sumAll * sumAll / bign;
        double sswn = sstot - ssbn;
        int dfbn = groups.length - 1;
        int dfwn = bign - groups.length;
        double msb = ssbn / dfbn;
        double msw = sswn / dfwn;
        double f = msb / msw;
        return new Result(f, fdtrc(dfbn, dfwn, f));
    }

    /** Survival function of the F distribution, {@code scipy.special.fdtrc}. */
    static double fdtrc(double dfn, double dfd, double f) {
        if (Double.isNaN(f) || !(dfn > 0) || !(dfd > 0)) {
            return Double.NaN;
        }
        if (f <= 0) {
            return 1.0;
        }
        if (Double.isInfinite(f)) {
            return 0.0;
        }
        double x = dfd / (dfd + dfn * f);
        return Beta.regularizedBeta(x, dfd / 2, dfn / 2, 1e-15, Integer.MAX_VALUE);
    }
}
