package org.fractalis.stats.deseq2;

/**
 * The fitted mean-dispersion relation of {@code estimateDispersionsFit(fitType = "parametric")}: the parametric
 * curve {@code a0 + a1 / mean}, or, where DESeq2's parametric fit fails, its substitute local regression of log
 * dispersion on log mean.
 */
final class DispersionTrend {

    private final double[] coefficients;
    private final LocalFit local;

    private DispersionTrend(double[] coefficients, LocalFit local) {
        this.coefficients = coefficients;
        this.local = local;
    }

    static DispersionTrend fit(double[] means, double[] disps, double minDisp) {
        try {
            return new DispersionTrend(TrendFit.parametric(means, disps), null);
        } catch (TrendFit.FitFailed e) {
            return new DispersionTrend(null, LocalFit.fit(means, disps, minDisp));
        }
    }

    /** @return the fitted dispersion at {@code mean} */
    double value(double mean) {
        if (coefficients != null) {
            return coefficients[0] + coefficients[1] / mean;
        }
        return local.value(mean);
    }

    /** @return the parametric coefficients, or null if the local fit was used */
    double[] coefficients() {
        return coefficients == null ? null : coefficients.clone();
    }

    /**
     * The local fit DESeq2 substitutes ({@code locfit(log(disp) ~ log(mean), weights = mean)}, nearest-neighbour
     * fraction 0.7, local quadratic, tricube kernel), evaluated directly at each point. locfit itself
     * interpolates between the vertices of a tree, so values differ slightly from R's.
     */
    static final class LocalFit {
        private final double[] x;
        private final double[] y;
        private final double[] w;
        private final double constant;

        private LocalFit(double[] x, double[] y, double[] w, double constant) {
            this.x = x;
            this.y = y;
            this.w = w;
            this.constant = constant;
        }

        static LocalFit fit(double[] means, double[] disps, double minDisp) {
            int k = 0;
            for (double d : disps) {
                if (d >= minDisp * 10) {
                    k++;
                }
            }
            if (k == 0) {
                return new LocalFit(null, null, null, minDisp);
            }
            double[] x = new double[k];
            double[] y = new double[k];
            double[] w = new double[k];
            k = 0;
            for (int i = 0; i < disps.length; i++) {
                if (disps[i] >= minDisp * 10) {
                    x[k] = Math.log(means[i]);
                    y[k] = Math.log(disps[i]);
                    w[k] = means[i];
                    k++;
                }
            }
            return new LocalFit(x, y, w, Double.NaN);
        }

        double value(double mean) {
            if (x == null) {
                return constant;
            }
            double x0 = Math.log(mean);
            int n = x.length;
            double[] dist = new double[n];
            for (int i = 0; i < n; i++) {
                dist[i] = Math.abs(x[i] - x0);
            }
            double[] sorted = dist.clone();
            java.util.Arrays.sort(sorted);
            int nn = Math.max(1, Math.min(n, (int) Math.floor(0.7 * n)));
            double h = sorted[nn - 1];
            if (h <= 0) {
                h = sorted[n - 1] > 0 ? sorted[n - 1] : 1.0;
            }
            // weighted local quadratic least squares
            double[][] a = new double[3][3];
            double[] b = new double[3];
            for (int i = 0; i < n; i++) {
                double u = dist[i] / h;
                if (u >= 1) {
                    continue;
                }
                double t = 1 - u * u * u;
                double wi = w[i] * t * t * t;
                double d = x[i] - x0;
                double[] f = {1, d, d * d};
                for (int r = 0; r < 3; r++) {
                    b[r] += wi * f[r] * y[i];
                    for (int c = 0; c < 3; c++) {
                        a[r][c] += wi * f[r] * f[c];
                    }
                }
            }
            double fitted = solveIntercept(a, b);
            if (!Double.isFinite(fitted)) {
                double sw = 0;
                double sy = 0;
                for (int i = 0; i < n; i++) {
                    sw += w[i];
                    sy += w[i] * y[i];
                }
                fitted = sy / sw;
            }
            return Math.exp(fitted);
        }

        /** First component of the solution of the 3x3 system (Gaussian elimination with pivoting). */
        private static double solveIntercept(double[][] a, double[] b) {
            int n = 3;
            double[][] m = new double[n][];
            for (int i = 0; i < n; i++) {
                m[i] = new double[] {a[i][0], a[i][1], a[i][2], b[i]};
            }
            for (int c = 0; c < n; c++) {
                int piv = c;
                for (int r = c + 1; r < n; r++) {
                    if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) {
                        piv = r;
                    }
                }
                double[] tmp = m[c];
                m[c] = m[piv];
                m[piv] = tmp;
                if (Math.abs(m[c][c]) < 1e-300) {
                    return Double.NaN;
                }
                for (int r = c + 1; r < n; r++) {
                    double f = m[r][c] / m[c][c];
                    for (int k = c; k <= n; k++) {
                        m[r][k] -= f * m[c][k];
                    }
                }
            }
            double[] sol = new double[n];
            for (int r = n - 1; r >= 0; r--) {
                double s = m[r][n];
                for (int k = r + 1; k < n; k++) {
                    s -= m[r][k] * sol[k];
                }
                sol[r] = s / m[r][r];
            }
            return sol[0];
        }
    }
}
