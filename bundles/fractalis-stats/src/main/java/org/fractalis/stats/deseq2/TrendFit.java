package org.fractalis.stats.deseq2;

/**
 * DESeq2's parametric dispersion trend {@code alpha(mean) = a0 + a1 / mean}: repeated Gamma-family GLMs with
 * identity link (R's {@code glm.fit} IRLS, epsilon 1e-8, at most 25 iterations, step halving when a fitted mean
 * leaves the valid range) on the genes whose residual {@code disp / fit} lies in (1e-4, 15).
 */
final class TrendFit {

    private TrendFit() {
    }

    /** Thrown (internally) when DESeq2's parametric fit would fail and fall back to a local fit. */
    static final class FitFailed extends Exception {
        private static final long serialVersionUID = 1L;

        FitFailed(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * DESeq2's {@code parametricDispersionFit(means, disps)}.
     *
     * @return the coefficients {asymptDisp, extraPois}
     */
    static double[] parametric(double[] means, double[] disps) throws FitFailed {
        int n = means.length;
        double[] coefs = {0.1, 1.0};
        int iter = 0;
        while (true) {
            int[] good = new int[n];
            int ng = 0;
            for (int i = 0; i < n; i++) {
                double r = disps[i] / (coefs[0] + coefs[1] / means[i]);
                if (r > 1e-4 && r < 15) {
                    good[ng++] = i;
                }
            }
            if (ng == 0) {
                throw new FitFailed("no genes for the dispersion fit");
            }
            double[] x = new double[ng];
            double[] y = new double[ng];
            for (int k = 0; k < ng; k++) {
                x[k] = 1.0 / means[good[k]];
                y[k] = disps[good[k]];
            }
            double[] oldcoefs = coefs;
            GlmResult fit = gammaIdentityGlm(x, y, coefs.clone());
            coefs = fit.coef;
            if (!(coefs[0] > 0 && coefs[1] > 0)) {
                throw new FitFailed("parametric dispersion fit failed");
            }
            double l0 = Math.log(coefs[0] / oldcoefs[0]);
            double l1 = Math.log(coefs[1] / oldcoefs[1]);
            if (l0 * l0 + l1 * l1 < 1e-6 && fit.converged) {
                break;
            }
            iter++;
            if (iter > 10) {
                throw new FitFailed("dispersion fit did not converge");
            }
        }
        return coefs;
    }

    private static final class GlmResult {
        final double[] coef;
        final boolean converged;

        GlmResult(double[] coef, boolean converged) {
            this.coef = coef;
            this.converged = converged;
        }
    }

    /** R's {@code glm.fit} for {@code y ~ 1 + x}, {@code family = Gamma(link = "identity")}, with start values. */
    private static GlmResult gammaIdentityGlm(double[] x, double[] y, double[] start) throws FitFailed {
        int n = y.length;
        final double epsilon = 1e-8;
        final int maxit = 25;
        double[] eta = new double[n];
        double[] mu = new double[n];
        linear(x, start, eta, mu);
        if (!validMu(mu)) {
            throw new FitFailed("cannot find valid starting values");
        }
        double[] coefold = start.clone();
        double devold = deviance(y, mu);
        boolean conv = false;
        double[] coef = start.clone();
        double[] xw0 = new double[n];
        double[] xw1 = new double[n];
        double[] zw = new double[n];
        for (int iter = 1; iter <= maxit; iter++) {
            for (int i = 0; i < n; i++) {
                double varmu = mu[i] * mu[i];
                if (varmu == 0 || Double.isNaN(varmu)) {
                    throw new FitFailed("invalid variance");
                }
                double z = eta[i] + (y[i] - mu[i]);
                double w = Math.sqrt(1.0 / varmu);
                xw0[i] = w;
                xw1[i] = x[i] * w;
                zw[i] = z * w;
            }
            double[] fitted = leastSquares2(xw0, xw1, zw);
            if (!Double.isFinite(fitted[0]) || !Double.isFinite(fitted[1])) {
                conv = false;
                break;
            }
            start = fitted;
            linear(x, start, eta, mu);
            double dev = deviance(y, mu);
            if (!Double.isFinite(dev)) {
                int ii = 1;
                while (!Double.isFinite(dev)) {
                    if (ii > maxit) {
                        throw new FitFailed("inner loop 1; cannot correct step size");
                    }
                    ii++;
                    start = new double[] {(start[0] + coefold[0]) / 2, (start[1] + coefold[1]) / 2};
                    linear(x, start, eta, mu);
                    dev = deviance(y, mu);
                }
            }
            if (!validMu(mu)) {
                int ii = 1;
                while (!validMu(mu)) {
                    if (ii > maxit) {
                        throw new FitFailed("inner loop 2; cannot correct step size");
                    }
                    ii++;
                    start = new double[] {(start[0] + coefold[0]) / 2, (start[1] + coefold[1]) / 2};
                    linear(x, start, eta, mu);
                }
                dev = deviance(y, mu);
            }
            if (Math.abs(dev - devold) / (Math.abs(dev) + 0.1) < epsilon) {
                conv = true;
                coef = start;
                break;
            }
            devold = dev;
            coef = start;
            coefold = start;
        }
        return new GlmResult(coef, conv);
    }

    private static void linear(double[] x, double[] b, double[] eta, double[] mu) {
        for (int i = 0; i < x.length; i++) {
            eta[i] = b[0] + b[1] * x[i];
            mu[i] = eta[i];
        }
    }

    private static boolean validMu(double[] mu) {
        for (double v : mu) {
            if (!(Double.isFinite(v) && v > 0)) {
                return false;
            }
        }
        return true;
    }

    /** Gamma deviance {@code sum(-2 * (log(y / mu) - (y - mu) / mu))}. */
    private static double deviance(double[] y, double[] mu) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            double l = y[i] == 0 ? 0.0 : Math.log(y[i] / mu[i]);
            s += -2 * (l - (y[i] - mu[i]) / mu[i]);
        }
        return s;
    }

    /** Least squares of z on the columns (c0, c1) by Householder QR, as LINPACK's dqrls would. */
    static double[] leastSquares2(double[] c0, double[] c1, double[] z) {
        int n = z.length;
        double[] a0 = c0.clone();
        double[] a1 = c1.clone();
        double[] b = z.clone();
        double r00;
        double r01;
        double r11;
        // first Householder reflection
        double norm0 = norm(a0, 0);
        if (norm0 == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double alpha0 = a0[0] > 0 ? -norm0 : norm0;
        double[] v = a0.clone();
        v[0] -= alpha0;
        double vv = dot(v, v, 0);
        reflect(v, vv, a1, 0);
        reflect(v, vv, b, 0);
        r00 = alpha0;
        r01 = a1[0];
        // second reflection on rows 1..n-1
        if (n < 2) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double norm1 = norm(a1, 1);
        if (norm1 == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double alpha1 = a1[1] > 0 ? -norm1 : norm1;
        double[] u = new double[n];
        for (int i = 1; i < n; i++) {
            u[i] = a1[i];
        }
        u[1] -= alpha1;
        double uu = dot(u, u, 1);
        reflect(u, uu, b, 1);
        r11 = alpha1;
        double beta1 = b[1] / r11;
        double beta0 = (b[0] - r01 * beta1) / r00;
        return new double[] {beta0, beta1};
    }

    private static double norm(double[] a, int from) {
        double scale = 0;
        for (int i = from; i < a.length; i++) {
            scale = Math.max(scale, Math.abs(a[i]));
        }
        if (scale == 0) {
            return 0;
        }
        double s = 0;
        for (int i = from; i < a.length; i++) {
            double t = a[i] / scale;
            s += t * t;
        }
        return scale * Math.sqrt(s);
    }

    private static double dot(double[] a, double[] b, int from) {
        double s = 0;
        for (int i = from; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void reflect(double[] v, double vv, double[] target, int from) {
        if (vv == 0) {
            return;
        }
        double f = 2 * dot(v, target, from) / vv;
        for (int i = from; i < target.length; i++) {
            target[i] -= f * v[i];
        }
    }
}
