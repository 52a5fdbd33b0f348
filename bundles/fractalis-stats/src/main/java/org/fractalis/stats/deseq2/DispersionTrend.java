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

    /**
     * The local fit DESeq2 substitutes: {@code locfit(log(disp) ~ log(mean), weights = mean)} with locfit's
     * defaults (nearest-neighbour fraction 0.7, local quadratic, tricube kernel) and its adaptive tree: local fits
     * (value and slope) at the ends of the data range and at cell midpoints, a cell being split while its width
     * exceeds 0.8 times the smaller bandwidth at its ends; cubic Hermite interpolation in between. Outside the
     * range the value is extrapolated linearly from the end vertex (locfit extrapolates slightly differently).
     */
    static final class LocalFit {
        private final double[] x;
        private final double[] y;
        private final double[] w;
        private final int k;
        private final double constant;
        private double[] vx;
        private double[] vValue;
        private double[] vSlope;

        private LocalFit(double[] x, double[] y, double[] w, double constant) {
            this.x = x;
            this.y = y;
            this.w = w;
            this.constant = constant;
            this.k = x == null ? 0 : Math.max(1, Math.min(x.length, (int) Math.floor(0.7 * x.length + 1e-9)));
        }

        static LocalFit fit(double[] means, double[] disps, double minDisp) {
            int n = 0;
            for (double d : disps) {
                if (d >= minDisp * 10) {
                    n++;
                }
            }
            if (n == 0) {
                return new LocalFit(null, null, null, minDisp);
            }
            double[] x = new double[n];
            double[] y = new double[n];
            double[] w = new double[n];
            n = 0;
            for (int i = 0; i < disps.length; i++) {
                if (disps[i] >= minDisp * 10) {
                    x[n] = Math.log(means[i]);
                    y[n] = Math.log(disps[i]);
                    w[n] = means[i];
                    n++;
                }
            }
            LocalFit f = new LocalFit(x, y, w, Double.NaN);
            f.buildTree();
            return f;
        }

        private void buildTree() {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double v : x) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            java.util.TreeMap<Double, double[]> vertices = new java.util.TreeMap<>();
            vertices.put(lo, local(lo));
            vertices.put(hi, local(hi));
            grow(lo, hi, vertices, 0);
            int nv = vertices.size();
            vx = new double[nv];
            vValue = new double[nv];
            vSlope = new double[nv];
            int i = 0;
            for (java.util.Map.Entry<Double, double[]> e : vertices.entrySet()) {
                vx[i] = e.getKey();
                vValue[i] = e.getValue()[0];
                vSlope[i] = e.getValue()[1];
                i++;
            }
        }

        private void grow(double lo, double hi, java.util.TreeMap<Double, double[]> vertices, int depth) {
            double hLo = vertices.get(lo)[2];
            double hHi = vertices.get(hi)[2];
            double hmin = 0;
            if (hLo > 0) {
                hmin = hLo;
            }
            if (hHi > 0 && (hmin == 0 || hHi < hmin)) {
                hmin = hHi;
            }
            if (hmin == 0 || depth > 60 || !((hi - lo) / hmin > 0.8)) {
                return;
            }
            double mid = (lo + hi) / 2;
            if (mid <= lo || mid >= hi) {
                return;
            }
            vertices.put(mid, local(mid));
            grow(lo, mid, vertices, depth + 1);
            grow(mid, hi, vertices, depth + 1);
        }

        /** Local quadratic fit at x0: {value, slope, bandwidth}. */
        private double[] local(double x0) {
            int n = x.length;
            double[] dist = new double[n];
            for (int i = 0; i < n; i++) {
                dist[i] = Math.abs(x[i] - x0);
            }
            double[] sorted = dist.clone();
            java.util.Arrays.sort(sorted);
            double h = sorted[k - 1];
            double[][] a = new double[3][3];
            double[] b = new double[3];
            double sw = 0;
            double sy = 0;
            for (int i = 0; i < n; i++) {
                sw += w[i];
                sy += w[i] * y[i];
                if (!(h > 0) || dist[i] >= h) {
                    continue;
                }
                double u = dist[i] / h;
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
            double[] coef = solve3(a, b);
            if (coef == null || !Double.isFinite(coef[0]) || !Double.isFinite(coef[1])) {
                return new double[] {sy / sw, 0.0, h};
            }
            return new double[] {coef[0], coef[1], h};
        }

        double value(double mean) {
            if (x == null) {
                return constant;
            }
            double z = Math.log(mean);
            int nv = vx.length;
            double fitted;
            if (nv == 1 || z <= vx[0]) {
                fitted = vValue[0] + (z - vx[0]) * vSlope[0];
            } else if (z >= vx[nv - 1]) {
                fitted = vValue[nv - 1] + (z - vx[nv - 1]) * vSlope[nv - 1];
            } else {
                int pos = java.util.Arrays.binarySearch(vx, z);
                if (pos >= 0) {
                    fitted = vValue[pos];
                } else {
                    int upper = -pos - 1;
                    int lower = upper - 1;
                    double width = vx[upper] - vx[lower];
                    double h = (z - vx[lower]) / width;
                    double phi1 = h * h * (3 - 2 * h);
                    double phi0 = 1 - phi1;
                    double psi0 = h * (1 - h) * (1 - h);
                    double psi1 = h * h * (h - 1);
                    fitted = phi0 * vValue[lower] + phi1 * vValue[upper]
                            + (psi0 * vSlope[lower] + psi1 * vSlope[upper]) * width;
                }
            }
            return Math.exp(fitted);
        }

        /** Solution of the 3x3 system (Gaussian elimination with pivoting), or null if singular. */
        private static double[] solve3(double[][] a, double[] b) {
            int n = 3;
            double[][] m = new double[n][];
            double scale = 0;
            for (int i = 0; i < n; i++) {
                m[i] = new double[] {a[i][0], a[i][1], a[i][2], b[i]};
                scale = Math.max(scale, Math.abs(a[i][i]));
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
                if (!(Math.abs(m[c][c]) > 1e-12 * scale)) {
                    return null;
                }
                for (int r = c + 1; r < n; r++) {
                    double f = m[r][c] / m[c][c];
                    for (int q = c; q <= n; q++) {
                        m[r][q] -= f * m[c][q];
                    }
                }
            }
            double[] sol = new double[n];
            for (int r = n - 1; r >= 0; r--) {
                double s = m[r][n];
                for (int q = r + 1; q < n; q++) {
                    s -= m[r][q] * sol[q];
                }
                sol[r] = s / m[r][r];
            }
            return sol;
        }
    }
}
