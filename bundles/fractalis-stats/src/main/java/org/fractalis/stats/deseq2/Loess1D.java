package org.fractalis.stats.deseq2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * R's {@code loess(y ~ x, span)} with the defaults (degree 2, gaussian family, {@code surface = "interpolate"},
 * {@code cell = 0.2}) for one predictor, and {@code predict} at new points: local quadratic fits with tricube
 * weights on the {@code floor(n * span)} nearest points are computed at the vertices of a k-d tree (cells split
 * at the median point until they hold at most {@code floor(n * span * cell)} points) and blended by cubic Hermite
 * interpolation of the vertex values and slopes.
 */
final class Loess1D {

    private final double[] vertices;
    private final double[] values;
    private final double[] slopes;

    private Loess1D(double[] vertices, double[] values, double[] slopes) {
        this.vertices = vertices;
        this.values = values;
        this.slopes = slopes;
    }

    static Loess1D fit(double[] x, double[] y, double span) {
        int n = x.length;
        double cell = 0.2;
        int nf = Math.min(n, (int) Math.floor(n * span));
        int fc = (int) Math.floor(n * (span * cell));
        double[] sortedX = x.clone();
        Arrays.sort(sortedX);
        double lo = sortedX[0];
        double hi = sortedX[n - 1];
        double margin = 0.005 * Math.max(hi - lo, 1e-10 * Math.max(Math.abs(lo), Math.abs(hi)) + 1e-30);
        List<Double> vertexList = new ArrayList<>();
        vertexList.add(lo - margin);
        vertexList.add(hi + margin);
        // k-d tree on the sorted points: cells as index ranges [l, u] (0-based, inclusive) with bounds
        int nvmax = Math.max(200, n);
        int ncmax = nvmax;
        List<int[]> cells = new ArrayList<>();
        List<double[]> bounds = new ArrayList<>();
        cells.add(new int[] {0, n - 1});
        bounds.add(new double[] {lo - margin, hi + margin});
        int nc = 1;
        for (int p = 0; p < cells.size(); p++) {
            int l = cells.get(p)[0];
            int u = cells.get(p)[1];
            double[] bd = bounds.get(p);
            boolean leaf = (u - l) + 1 <= fc || bd[1] - bd[0] <= 0;
            if (!leaf) {
                leaf = ncmax < nc + 2 || nvmax < vertexList.size() + 1.0;
            }
            int m = 0;
            if (!leaf) {
                // 1-based m = (l + u) / 2
                int l1 = l + 1;
                int u1 = u + 1;
                int m1 = (l1 + u1) / 2;
                int offset = 0;
                while (m1 + offset < u1 && m1 + offset >= l1) {
                    if (sortedX[m1 + offset - 1] == sortedX[m1 + offset]) {
                        offset = -offset;
                        if (offset >= 0) {
                            offset++;
                        }
                    } else {
                        m1 = m1 + offset;
                        break;
                    }
                }
                m = m1 - 1;
                double split = sortedX[m];
                leaf = bd[0] == split || bd[1] == split;
                if (!leaf) {
                    cells.add(new int[] {l, m});
                    bounds.add(new double[] {bd[0], split});
                    cells.add(new int[] {m + 1, u});
                    bounds.add(new double[] {split, bd[1]});
                    nc += 2;
                    if (!vertexList.contains(split)) {
                        vertexList.add(split);
                    }
                }
            }
        }
        double[] v = vertexList.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] val = new double[v.length];
        double[] slope = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            double[] coef = localQuadratic(x, y, v[k], nf);
            val[k] = coef[0];
            slope[k] = coef[1];
        }
        return new Loess1D(v, val, slope);
    }

    /** Local quadratic fit at q on the nf nearest points with tricube weights: {value, slope}. */
    private static double[] localQuadratic(double[] x, double[] y, double q, int nf) {
        int n = x.length;
        double[] dist = new double[n];
        for (int i = 0; i < n; i++) {
            dist[i] = (x[i] - q) * (x[i] - q);
        }
        double[] sorted = dist.clone();
        Arrays.sort(sorted);
        double rho = sorted[nf - 1];
        // the nf nearest points: all with dist < rho, then enough with dist == rho (their weight is 0)
        double[][] a = new double[3][3];
        double[] b = new double[3];
        for (int i = 0; i < n; i++) {
            if (dist[i] >= rho) {
                continue;
            }
            double r = Math.sqrt(dist[i] / rho);
            double t = 1 - r * r * r;
            double w = t * t * t;
            double d = x[i] - q;
            double[] f = {1, d, d * d};
            for (int r1 = 0; r1 < 3; r1++) {
                b[r1] += w * f[r1] * y[i];
                for (int c = 0; c < 3; c++) {
                    a[r1][c] += w * f[r1] * f[c];
                }
            }
        }
        return solve3(a, b);
    }

    private static double[] solve3(double[][] a, double[] b) {
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
        return sol;
    }

    /** {@code predict(fit, z)}: NaN outside the bounding box of the tree. */
    double predict(double z) {
        int nv = vertices.length;
        if (z < vertices[0] || z > vertices[nv - 1]) {
            return Double.NaN;
        }
        // the cell [v_k, v_k+1] containing z (points on a split go to the left cell)
        int k = Arrays.binarySearch(vertices, z);
        if (k >= 0) {
            return values[k];
        }
        int upper = -k - 1;
        int lower = upper - 1;
        double v0 = vertices[lower];
        double v1 = vertices[upper];
        double width = v1 - v0;
        double h = (z - v0) / width;
        double phi0 = (1 - h) * (1 - h) * (1 + 2 * h);
        double phi1 = h * h * (3 - 2 * h);
        double psi0 = h * (1 - h) * (1 - h);
        double psi1 = -h * h * (1 - h);
        return phi0 * values[lower] + phi1 * values[upper] + (psi0 * slopes[lower] + psi1 * slopes[upper]) * width;
    }
}
