package org.fractalis.stats;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.fractalis.api.analytics.AnalyticsException;

/**
 * The least-squares line {@code numpy.polyfit(x, y, 1)}: the Vandermonde columns {@code [x, 1]} are
 * scaled to unit norm, the system is solved by an SVD-based least squares with {@code rcond = n * eps}
 * (singular values below {@code rcond * s_max} are dropped, giving the minimum-norm solution), and the
 * coefficients are unscaled. For constant x this gives {@code slope = mean(y) / (2 x0)} and
 * {@code intercept = mean(y) / 2} (golden §4.1). Implementation: Householder QR of the n x 2 matrix,
 * then the SVD of the 2 x 2 factor, so it is O(n).
 */
public final class LineFit {

    /**
     * @param slope the coefficient of x
     * @param intercept the constant term
     */
    public record Line(double slope, double intercept) {
    }

    private static final double EPS = Math.ulp(1.0);

    private LineFit() {
    }

    /**
     * Fits {@code y = slope * x + intercept}.
     *
     * @param x at least 2 finite values
     * @param y as many values as x
     * @throws AnalyticsException {@code LinAlgError} where numpy fails: all x equal to 0 (the scaling divides
     *         by zero) or non-finite input
     */
    public static Line polyfit1(double[] x, double[] y) throws AnalyticsException {
        int n = x.length;
        if (y.length != n) {
            throw new IllegalArgumentException("expected x and y to have same length");
        }
        if (n == 0) {
            throw new IllegalArgumentException("expected non-empty vector for x");
        }
        double[] c0 = new double[n];
        double[] c1 = new double[n];
        double[] sq = new double[n];
        for (int i = 0; i < n; i++) {
            sq[i] = x[i] * x[i];
        }
        double sx = Math.sqrt(Descriptive.sum(sq));
        double s1 = Math.sqrt(n);
        for (int i = 0; i < n; i++) {
            c0[i] = x[i] / sx;
            c1[i] = 1.0 / s1;
            if (!Double.isFinite(c0[i]) || !Double.isFinite(y[i])) {
                throw new AnalyticsException("LinAlgError", "SVD did not converge in Linear Least Squares");
            }
        }
        double[] b = y.clone();
        // Householder QR on the two columns, applying the reflections to b
        double[][] r = new double[2][2];
        double[][] cols = {c0, c1};
        for (int k = 0; k < 2 && k < n; k++) {
            double[] a = cols[k];
            double norm = 0;
            for (int i = k; i < n; i++) {
                norm = Math.hypot(norm, a[i]);
            }
            double alpha = a[k] > 0 ? -norm : norm;
            // v = a[k..] - alpha e_k
            double[] v = new double[n];
            for (int i = k; i < n; i++) {
                v[i] = a[i];
            }
            v[k] -= alpha;
            double vv = 0;
            for (int i = k; i < n; i++) {
                vv += v[i] * v[i];
            }
            if (vv > 0) {
                for (double[] col : new double[][] {cols[0], cols[1], b}) {
                    double dot = 0;
                    for (int i = k; i < n; i++) {
                        dot += v[i] * col[i];
                    }
                    double f = 2 * dot / vv;
                    for (int i = k; i < n; i++) {
                        col[i] -= f * v[i];
                    }
                }
            }
        }
        r[0][0] = cols[0][0];
        r[0][1] = cols[1][0];
        r[1][0] = 0;
        r[1][1] = n > 1 ? cols[1][1] : 0;
        double[] qtb = {b[0], n > 1 ? b[1] : 0};
        RealMatrix rm = new Array2DRowRealMatrix(r, false);
        SingularValueDecomposition svd = new SingularValueDecomposition(rm);
        double[] s = svd.getSingularValues();
        RealMatrix u = svd.getU();
        RealMatrix v = svd.getV();
        double cutoff = n * EPS * s[0];
        double[] coef = new double[2];
        for (int j = 0; j < s.length; j++) {
            if (s[j] > cutoff) {
                double ub = u.getEntry(0, j) * qtb[0] + u.getEntry(1, j) * qtb[1];
                double w = ub / s[j];
                coef[0] += v.getEntry(0, j) * w;
                coef[1] += v.getEntry(1, j) * w;
            }
        }
        return new Line(coef[0] / sx, coef[1] / s1);
    }
}
