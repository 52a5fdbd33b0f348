package org.fractalis.stats.deseq2;

/**
 * The negative binomial GLM {@code log(mu_j) = log(s_j) + b0 + b1 g_j} of one gene, fitted as DESeq2's
 * {@code fitNbinomGLMs} does: IRLS with a tiny ridge (prior variance 1e6 on the log2 scale), means bounded below
 * by {@code minmu} inside the iterations, convergence on the relative change of the deviance, and a box-constrained
 * quasi-Newton fallback for rows where IRLS does not converge.
 */
final class NbGlm {

    /** The ridge of DESeq2's wide prior (1e-6 on the log2 scale), on the natural log scale. */
    static final double LAMBDA = 1e-6 / (RFunctions.LN2 * RFunctions.LN2);
    static final double BETA_TOL = 1e-8;
    static final int MAXIT = 100;
    static final double MINMU = 0.5;
    private static final double LARGE = 30.0;

    /** Output of one fit; all coefficients on the natural log scale. */
    static final class Fit {
        double b0;
        double b1;
        double var0;
        double var1;
        int iter;
        boolean converged;
        final double[] mu;
        final double[] hat;

        Fit(int m) {
            mu = new double[m];
            hat = new double[m];
        }
    }

    private NbGlm() {
    }

    /**
     * Fits the GLM of one gene.
     *
     * @param y counts
     * @param sf size factors
     * @param group 0 or 1 per sample
     * @param alpha the dispersion
     * @param out receives the fit; {@code out.mu} holds the unbounded fitted means
     */
    static void fit(double[] y, double[] sf, int[] group, double alpha, Fit out) {
        int m = y.length;
        // initial betas: least squares of log(normalized counts + 0.1) on the design
        double s0 = 0;
        double s1 = 0;
        int n0 = 0;
        int n1 = 0;
        for (int j = 0; j < m; j++) {
            double l = Math.log(y[j] / sf[j] + .1);
            if (group[j] == 0) {
                s0 += l;
                n0++;
            } else {
                s1 += l;
                n1++;
            }
        }
        double initB0 = s0 / n0;
        double initB1 = s1 / n1 - initB0;
        double b0 = initB0;
        double b1 = initB1;
        double[] muHat = new double[m];
        for (int j = 0; j < m; j++) {
            muHat[j] = Math.max(sf[j] * Math.exp(b0 + (group[j] == 1 ? b1 : 0.0)), MINMU);
        }
        double size = 1.0 / alpha;
        double dev;
        double devOld = 0.0;
        int iter = 0;
        for (int t = 0; t < MAXIT; t++) {
            iter++;
            double a00 = 0;
            double a11 = 0;
            double r0 = 0;
            double r1 = 0;
            for (int j = 0; j < m; j++) {
                double w = muHat[j] / (1.0 + alpha * muHat[j]);
                double z = Math.log(muHat[j] / sf[j]) + (y[j] - muHat[j]) / muHat[j];
                a00 += w;
                r0 += w * z;
                if (group[j] == 1) {
                    a11 += w;
                    r1 += w * z;
                }
            }
            // (X'WX + ridge) beta = X'Wz
            double m00 = a00 + LAMBDA;
            double m01 = a11;
            double m11 = a11 + LAMBDA;
            double det = m00 * m11 - m01 * m01;
            double nb0 = (m11 * r0 - m01 * r1) / det;
            double nb1 = (m00 * r1 - m01 * r0) / det;
            b0 = nb0;
            b1 = nb1;
            if (Math.abs(b0) > LARGE || Math.abs(b1) > LARGE) {
                iter = MAXIT;
                break;
            }
            dev = 0.0;
            for (int j = 0; j < m; j++) {
                muHat[j] = Math.max(sf[j] * Math.exp(b0 + (group[j] == 1 ? b1 : 0.0)), MINMU);
                dev += -2.0 * RFunctions.dnbinomMuLog(y[j], size, muHat[j]);
            }
            double convTest = Math.abs(dev - devOld) / (Math.abs(dev) + 0.1);
            if (Double.isNaN(convTest)) {
                iter = MAXIT;
                break;
            }
            if (t > 0 && convTest < BETA_TOL) {
                break;
            }
            devOld = dev;
        }
        out.iter = iter;
        // hat diagonals and covariance with the weights of the last means (as DESeq2)
        covariance(muHat, group, alpha, out, true);
        out.b0 = b0;
        out.b1 = b1;
        boolean stable = !Double.isNaN(b0) && !Double.isNaN(b1);
        boolean varPositive = out.var0 > 0 && out.var1 > 0;
        out.converged = iter < MAXIT;
        if (!out.converged || !stable || !varPositive) {
            optimFallback(y, sf, group, alpha, stable, initB0, initB1, out);
        } else {
            for (int j = 0; j < m; j++) {
                out.mu[j] = sf[j] * Math.exp(b0 + (group[j] == 1 ? b1 : 0.0));
            }
        }
    }

    /** Sets var0/var1 (and the hat diagonals if asked) from bounded means {@code muHat}. */
    private static void covariance(double[] muHat, int[] group, double alpha, Fit out, boolean hat) {
        int m = muHat.length;
        double a00 = 0;
        double a11 = 0;
        double[] w = new double[m];
        for (int j = 0; j < m; j++) {
            w[j] = muHat[j] / (1.0 + alpha * muHat[j]);
            a00 += w[j];
            if (group[j] == 1) {
                a11 += w[j];
            }
        }
        double m00 = a00 + LAMBDA;
        double m01 = a11;
        double m11 = a11 + LAMBDA;
        double det = m00 * m11 - m01 * m01;
        // inverse of (X'WX + ridge)
        double i00 = m11 / det;
        double i01 = -m01 / det;
        double i11 = m00 / det;
        if (hat) {
            for (int j = 0; j < m; j++) {
                // x = (1, g): x' Minv x
                double q = group[j] == 1 ? i00 + 2 * i01 + i11 : i00;
                out.hat[j] = w[j] * q;
            }
        }
        // sigma = Minv X'WX Minv, X'WX = [[a00, a11], [a11, a11]]
        double t00 = i00 * a00 + i01 * a11;
        double t01 = i00 * a11 + i01 * a11;
        double t10 = i01 * a00 + i11 * a11;
        double t11 = i01 * a11 + i11 * a11;
        out.var0 = t00 * i00 + t01 * i01;
        out.var1 = t10 * i01 + t11 * i11;
    }

    /**
     * DESeq2 refits rows where IRLS failed with {@code optim(method = "L-BFGS-B")} on the log2 scale within
     * [-30, 30]; here a projected Newton method on the same penalised likelihood.
     */
    private static void optimFallback(double[] y, double[] sf, int[] group, double alpha, boolean stable,
            double initB0, double initB1, Fit out) {
        int m = y.length;
        double lambdaLog2 = 1e-6;
        double large = 30.0;
        double p0;
        double p1;
        double l0 = out.b0 * RFunctions.LOG2E;
        double l1 = out.b1 * RFunctions.LOG2E;
        if (stable && Math.abs(l0) < large && Math.abs(l1) < large) {
            p0 = l0;
            p1 = l1;
        } else {
            // DESeq2 passes the natural-log starting values here
            p0 = initB0;
            p1 = initB1;
        }
        p0 = clamp(p0, large);
        p1 = clamp(p1, large);
        double size = 1.0 / alpha;
        double f = objective(p0, p1, y, sf, group, size, lambdaLog2);
        boolean ok = false;
        for (int it = 0; it < 200; it++) {
            // gradient and Hessian of the negative log posterior, log2 scale
            double g0 = lambdaLog2 * p0;
            double g1 = lambdaLog2 * p1;
            double h00 = lambdaLog2;
            double h01 = 0;
            double h11 = lambdaLog2;
            for (int j = 0; j < m; j++) {
                double mu = sf[j] * Math.pow(2.0, p0 + (group[j] == 1 ? p1 : 0.0));
                // d loglik / d eta (natural) = (y - mu) / (1 + alpha mu); eta = ln2 * linear predictor
                double s = (y[j] - mu) / (1.0 + alpha * mu) * RFunctions.LN2;
                double h = mu * (1.0 + alpha * y[j]) / ((1.0 + alpha * mu) * (1.0 + alpha * mu)) * RFunctions.LN2
                        * RFunctions.LN2;
                g0 -= s;
                h00 += h;
                if (group[j] == 1) {
                    g1 -= s;
                    h01 += h;
                    h11 += h;
                }
            }
            double det = h00 * h11 - h01 * h01;
            double d0;
            double d1;
            if (det > 0 && h00 > 0) {
                d0 = -(h11 * g0 - h01 * g1) / det;
                d1 = -(h00 * g1 - h01 * g0) / det;
            } else {
                d0 = -g0;
                d1 = -g1;
            }
            double step = 1.0;
            boolean improved = false;
            for (int ls = 0; ls < 60; ls++) {
                double q0 = clamp(p0 + step * d0, large);
                double q1 = clamp(p1 + step * d1, large);
                double fq = objective(q0, q1, y, sf, group, size, lambdaLog2);
                if (fq <= f) {
                    double change = f - fq;
                    p0 = q0;
                    p1 = q1;
                    f = fq;
                    improved = true;
                    if (change <= 1e-12 * (Math.abs(f) + 1e-12)) {
                        ok = true;
                    }
                    break;
                }
                step /= 2;
            }
            if (!improved || ok) {
                ok = true;
                break;
            }
        }
        out.converged = ok;
        out.b0 = p0 * RFunctions.LN2;
        out.b1 = p1 * RFunctions.LN2;
        double[] muHat = new double[m];
        for (int j = 0; j < m; j++) {
            out.mu[j] = sf[j] * Math.pow(2.0, p0 + (group[j] == 1 ? p1 : 0.0));
            muHat[j] = Math.max(out.mu[j], MINMU);
        }
        // standard errors with the bounded means; hat diagonals stay those of the IRLS pass
        Fit tmp = new Fit(m);
        covariance(muHat, group, alpha, tmp, false);
        out.var0 = tmp.var0;
        out.var1 = tmp.var1;
    }

    private static double objective(double p0, double p1, double[] y, double[] sf, int[] group, double size,
            double lambda) {
        double ll = 0;
        for (int j = 0; j < y.length; j++) {
            double mu = sf[j] * Math.pow(2.0, p0 + (group[j] == 1 ? p1 : 0.0));
            ll += RFunctions.dnbinomMuLog(y[j], size, mu);
        }
        double sd = Math.sqrt(1.0 / lambda);
        double logPrior = -0.5 * (p0 / sd) * (p0 / sd) - 0.5 * (p1 / sd) * (p1 / sd)
                - 2 * (Math.log(sd) + 0.5 * Math.log(2 * Math.PI));
        double neg = -(ll + logPrior);
        return Double.isFinite(neg) ? neg : 1e300;
    }

    private static double clamp(double v, double large) {
        return Math.max(-large, Math.min(large, v));
    }
}
