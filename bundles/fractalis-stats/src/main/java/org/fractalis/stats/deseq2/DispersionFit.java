package org.fractalis.stats.deseq2;

/**
 * Cox-Reid adjusted profile likelihood of the negative binomial dispersion for the design {@code ~condition}
 * with two levels, and DESeq2's optimisers on log(alpha): the Armijo backtracking line search ({@code fitDisp})
 * and the grid search used when that one does not converge ({@code fitDispGrid}).
 *
 * <p>For the design matrix X = [1, g] the Cox-Reid term needs det(X'WX) = W0 W1 (sums of the GLM weights per
 * group); it is computed with the same formula R's 2x2 determinant uses.
 */
final class DispersionFit {

    /** Armijo rule constant of DESeq2's line search. */
    private static final double EPSILON = 1.0e-4;

    /** Result slots of {@link #lineSearch}. */
    static final int LOG_ALPHA = 0;
    static final int ITER = 1;
    static final int INITIAL_LP = 2;
    static final int LAST_LP = 3;

    private DispersionFit() {
    }

    /** The log posterior (log likelihood + Cox-Reid term + optional normal prior on log alpha). */
    static double logPosterior(double logAlpha, double[] y, double[] mu, int[] group, double priorMean,
            double priorVar, boolean usePrior) {
        double alpha = Math.exp(logAlpha);
        double alphaNeg1 = 1.0 / alpha;
        double w0 = 0.0;
        double w1 = 0.0;
        double lgAlphaNeg1 = RFunctions.lgamma(alphaNeg1);
        double ll = 0.0;
        for (int j = 0; j < y.length; j++) {
            double w = 1.0 / (1.0 / mu[j] + alpha);
            if (group[j] == 0) {
                w0 += w;
            } else {
                w1 += w;
            }
            ll += RFunctions.lgamma(y[j] + alphaNeg1) - lgAlphaNeg1 - y[j] * Math.log(mu[j] + alphaNeg1)
                    - alphaNeg1 * Math.log(1.0 + mu[j] * alpha);
        }
        double s = w0 + w1;
        double det = s * w1 - w1 * w1;
        double cr = -0.5 * Math.log(det);
        double prior = 0.0;
        if (usePrior) {
            double d = logAlpha - priorMean;
            prior = -0.5 * d * d / priorVar;
        }
        return ll + prior + cr;
    }

    /** The derivative of {@link #logPosterior} with respect to log alpha. */
    static double dLogPosterior(double logAlpha, double[] y, double[] mu, int[] group, double priorMean,
            double priorVar, boolean usePrior) {
        double alpha = Math.exp(logAlpha);
        double alphaNeg1 = 1.0 / alpha;
        double alphaNeg2 = 1.0 / (alpha * alpha);
        double w0 = 0.0;
        double w1 = 0.0;
        double d0 = 0.0;
        double d1 = 0.0;
        double digAlphaNeg1 = RFunctions.digamma(alphaNeg1);
        double ll = 0.0;
        for (int j = 0; j < y.length; j++) {
            double inv = 1.0 / mu[j] + alpha;
            double w = 1.0 / inv;
            double dw = -1.0 / (inv * inv);
            if (group[j] == 0) {
                w0 += w;
                d0 += dw;
            } else {
                w1 += w;
                d1 += dw;
            }
            double ma = mu[j] * alpha;
            ll += digAlphaNeg1 + Math.log(1 + ma) - ma / (1.0 + ma) - RFunctions.digamma(y[j] + alphaNeg1)
                    + y[j] / (mu[j] + alphaNeg1);
        }
        ll *= alphaNeg2;
        double s = w0 + w1;
        double det = s * w1 - w1 * w1;
        // trace(B^-1 dB) for B = [[W0+W1, W1], [W1, W1]], dB likewise with the derivatives
        double trace = (w1 * (d0 + d1) - w1 * d1 + (-w1 * d1 + s * d1)) / det;
        double cr = -0.5 * trace;
        double prior = 0.0;
        if (usePrior) {
            prior = -1.0 * (logAlpha - priorMean) / priorVar;
        }
        return (ll + cr) * alpha + prior;
    }

    /**
     * DESeq2's {@code fitDisp}: backtracking line search on log alpha from {@code logAlphaStart}.
     *
     * @param out receives log alpha, the number of iterations, the initial and the last log posterior
     */
    static void lineSearch(double logAlphaStart, double[] y, double[] mu, int[] group, double priorMean,
            double priorVar, boolean usePrior, double minLogAlpha, double kappa0, double tol, int maxit,
            double[] out) {
        double a = logAlphaStart;
        double lp = logPosterior(a, y, mu, group, priorMean, priorVar, usePrior);
        double dlp = dLogPosterior(a, y, mu, group, priorMean, priorVar, usePrior);
        double kappa = kappa0;
        double initialLp = lp;
        int iter = 0;
        int iterAccept = 0;
        for (int t = 0; t < maxit; t++) {
            iter++;
            double aPropose = a + kappa * dlp;
            if (aPropose < -30.0) {
                kappa = (-30.0 - a) / dlp;
            }
            if (aPropose > 10.0) {
                kappa = (10.0 - a) / dlp;
            }
            double thetaKappa = -1.0 * logPosterior(a + kappa * dlp, y, mu, group, priorMean, priorVar, usePrior);
            double thetaHatKappa = -1.0 * lp - kappa * EPSILON * dlp * dlp;
            if (thetaKappa <= thetaHatKappa) {
                iterAccept++;
                a = a + kappa * dlp;
                double lpnew = logPosterior(a, y, mu, group, priorMean, priorVar, usePrior);
                double change = lpnew - lp;
                if (change < tol) {
                    lp = lpnew;
                    break;
                }
                if (a < minLogAlpha) {
                    break;
                }
                lp = lpnew;
                dlp = dLogPosterior(a, y, mu, group, priorMean, priorVar, usePrior);
                kappa = Math.min(kappa * 1.1, kappa0);
                if (iterAccept % 5 == 0) {
                    kappa = kappa / 2.0;
                }
            } else {
                kappa = kappa / 2.0;
            }
        }
        out[LOG_ALPHA] = a;
        out[ITER] = iter;
        out[INITIAL_LP] = initialLp;
        out[LAST_LP] = lp;
    }

    /**
     * DESeq2's {@code fitDispGridWrapper}: a 20-point grid on log alpha from log(1e-8) to log(max(10, m)),
     * then a finer 20-point grid around the best point. Returns alpha (not log).
     */
    static double gridSearch(double[] y, double[] mu, int[] group, double priorMean, double priorVar,
            boolean usePrior) {
        double minLogAlpha = Math.log(1e-8);
        double maxLogAlpha = Math.log(Math.max(10, y.length));
        double[] grid = RFunctions.seq(minLogAlpha, maxLogAlpha, 20);
        double delta = grid[1] - grid[0];
        double aHat = grid[argMax(grid, y, mu, group, priorMean, priorVar, usePrior)];
        int n = grid.length;
        double[] fine = new double[n];
        double step = ((aHat + delta) - (aHat - delta)) / (n - 1);
        for (int i = 0; i < n - 1; i++) {
            fine[i] = (aHat - delta) + i * step;
        }
        fine[n - 1] = aHat + delta;
        return Math.exp(fine[argMax(fine, y, mu, group, priorMean, priorVar, usePrior)]);
    }

    private static int argMax(double[] grid, double[] y, double[] mu, int[] group, double priorMean,
            double priorVar, boolean usePrior) {
        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < grid.length; t++) {
            double v = logPosterior(grid[t], y, mu, group, priorMean, priorVar, usePrior);
            if (v > bestValue) {
                bestValue = v;
                best = t;
            }
        }
        return best;
    }
}
