package org.fractalis.stats.pca;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Eigen-decomposition of a real symmetric matrix, eigenpairs sorted by decreasing eigenvalue.
 *
 * <p>Householder reduction to tridiagonal form, then the implicit QL algorithm with Wilkinson shifts (the method of
 * EISPACK's {@code tred2}/{@code tql2}, backward stable like LAPACK's {@code dsteqr}). Written for row-major
 * {@code double[][]} so every inner loop runs over contiguous memory and vectorises:
 *
 * <ul>
 * <li>the reduction uses the symmetric rank-2 update on full rows and forms {@code A·v} as a sum of rows;</li>
 * <li>the QL phase only records its plane rotations; they are applied afterwards to the rows of {@code Qᵀ}, one
 * column strip at a time, so the strips are independent (both cores) and stay in cache.</li>
 * </ul>
 */
final class SymmetricEigen {
    /**
     * From this order on the steps of the reduction run on all cores. Each step is O(k²), too little to pay for the
     * fork-join scheduling at k = 500 (serial: 2 × 14 ms there, parallel: 2 × 32 ms).
     */
    private static final int PARALLEL_STEP_MIN = 1500;
    /** From this order on the rotations are applied on all cores. */
    private static final int PARALLEL_MIN = 160;
    /**
     * Columns of the eigenvector matrix that take the recorded rotations together: 8 AVX-512 vectors with the Vector
     * API, 32 columns for the auto-vectorised loop (measured best at n = 500).
     */
    private static final int STRIP_VECTOR = 64;
    private static final int STRIP = 32;
    private static final double EPS = Math.ulp(1.0);

    private final double[] values;
    /** Row c is the unit eigenvector of {@code values[c]}. */
    private final double[][] vectorRows;

    private SymmetricEigen(double[] values, double[][] vectorRows) {
        this.values = values;
        this.vectorRows = vectorRows;
    }

    /** @param symmetric n × n, row-major; only its lower triangle is read (not modified) */
    static SymmetricEigen of(double[][] symmetric) {
        int n = symmetric.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = Arrays.copyOf(symmetric[i], n);
            for (int j = 0; j < i; j++) {
                a[j][i] = a[i][j]; // rows above are copied already: mirror the lower triangle
            }
        }
        double[] d = new double[n];
        double[] e = new double[n];
        double[] beta = new double[n];
        tridiagonalise(a, d, e, beta);
        double[][] w = transposedQ(a, beta);
        Rotations rot = new Rotations(Math.max(16, 4 * n));
        ql(d, e, rot);
        rot.applyToRows(w);
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> d[i]).reversed());
        double[] values = new double[n];
        double[][] rows = new double[n][];
        for (int c = 0; c < n; c++) {
            values[c] = d[order[c]];
            rows[c] = w[order[c]];
        }
        return new SymmetricEigen(values, rows);
    }

    double[] values() {
        return values;
    }

    /** Row c is the unit eigenvector of the c-th largest eigenvalue. */
    double[][] vectorRows() {
        return vectorRows;
    }

    /**
     * Reduces {@code a} (full, symmetric) to tridiagonal form {@code T = Qᵀ·A·Q}: diagonal d, off-diagonal
     * {@code e[i] = T[i][i+1]} ({@code e[n-1] = 0}). Step k (from the last row up) eliminates row k left of the
     * sub-diagonal with {@code H = I − β·v·vᵀ} on indices 0..k−1 and stores v in {@code a[k][0..k-1]}, β in
     * {@code beta[k]}. {@code Q = H_{n-1}·…·H_1}.
     */
    private static void tridiagonalise(double[][] a, double[] d, double[] e, double[] beta) {
        int n = a.length;
        if (n == 0) {
            return;
        }
        double[] p = new double[n];
        double[] wv = new double[n];
        for (int k = n - 1; k >= 1; k--) {
            double[] v = a[k];
            d[k] = v[k];
            double scale = 0;
            for (int i = 0; i < k; i++) {
                scale = Math.max(scale, Math.abs(v[i]));
            }
            if (k == 1 || scale == 0) {
                e[k - 1] = v[k - 1]; // nothing to eliminate
                beta[k] = 0;
                continue;
            }
            double sum = 0;
            for (int i = 0; i < k; i++) {
                double t = v[i] / scale;
                sum += t * t;
            }
            double norm = scale * Math.sqrt(sum);
            double alpha = v[k - 1] > 0 ? -norm : norm;
            v[k - 1] -= alpha; // v = x − α·e_{k−1}; vᵀv = 2·norm·(norm + |x_{k−1}|)
            double b = 1.0 / (norm * (norm + Math.abs(v[k - 1] + alpha)));
            beta[k] = b;
            e[k - 1] = alpha;
            // p = β·B·v with B = a[0..k-1][0..k-1] symmetric: a sum of rows, so no reductions in the inner loop
            rowCombination(a, v, k, p);
            double pv = 0;
            for (int i = 0; i < k; i++) {
                p[i] *= b;
                pv += p[i] * v[i];
            }
            double half = 0.5 * b * pv;
            for (int i = 0; i < k; i++) {
                wv[i] = p[i] - half * v[i];
            }
            // B −= v·wᵀ + w·vᵀ, row by row
            int kk = k;
            range(k, i -> {
                double[] ai = a[i];
                double vi = v[i];
                double wi = wv[i];
                for (int j = 0; j < kk; j++) {
                    ai[j] -= vi * wv[j] + wi * v[j];
                }
            });
        }
        d[0] = a[0][0];
        e[n - 1] = 0;
    }

    /** {@code out[0..k) = Σ_j v[j]·a[j][0..k)}, in parallel over j for large k. */
    private static void rowCombination(double[][] a, double[] v, int k, double[] out) {
        if (k < PARALLEL_STEP_MIN) {
            Arrays.fill(out, 0, k, 0.0);
            addRows(a, v, 0, k, k, out);
            return;
        }
        int parts = 2 * Math.max(1, Runtime.getRuntime().availableProcessors());
        double[][] partial = new double[parts][];
        IntStream.range(0, parts).parallel().forEach(t -> {
            double[] acc = new double[k];
            addRows(a, v, (int) ((long) k * t / parts), (int) ((long) k * (t + 1) / parts), k, acc);
            partial[t] = acc;
        });
        System.arraycopy(partial[0], 0, out, 0, k);
        for (int t = 1; t < parts; t++) {
            double[] q = partial[t];
            for (int i = 0; i < k; i++) {
                out[i] += q[i];
            }
        }
    }

    private static void addRows(double[][] a, double[] v, int j0, int j1, int k, double[] acc) {
        for (int j = j0; j < j1; j++) {
            double vj = v[j];
            if (vj != 0.0) {
                double[] aj = a[j];
                for (int i = 0; i < k; i++) {
                    acc[i] += vj * aj[i];
                }
            }
        }
    }

    /** Runs body(i) for i in [0, count), in parallel when count is large. */
    private static void range(int count, java.util.function.IntConsumer body) {
        if (count < PARALLEL_STEP_MIN) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
        } else {
            IntStream.range(0, count).parallel().forEach(body);
        }
    }

    /**
     * {@code Qᵀ} from the stored reflectors. {@code Q = H_{n-1}·…·H_1} is built from the right end (H_1 first) so
     * that step k only touches the leading k × k block: {@code Q ← H_k·Q = Q − β·v·(vᵀQ)}, with {@code vᵀQ} a sum of
     * rows. Then transposed.
     */
    private static double[][] transposedQ(double[][] a, double[] beta) {
        int n = a.length;
        double[][] q = new double[n][n];
        for (int i = 0; i < n; i++) {
            q[i][i] = 1.0;
        }
        double[] u = new double[n];
        for (int k = 2; k < n; k++) {
            double b = beta[k];
            if (b == 0) {
                continue;
            }
            double[] v = a[k];
            rowCombination(q, v, k, u); // u = vᵀ·Q on columns 0..k−1 (Q is identity beyond)
            int kk = k;
            range(k, i -> {
                double f = b * v[i];
                if (f != 0.0) {
                    double[] qi = q[i];
                    for (int j = 0; j < kk; j++) {
                        qi[j] -= f * u[j];
                    }
                }
            });
        }
        double[][] t = new double[n][n];
        for (int i = 0; i < n; i++) {
            double[] qi = q[i];
            for (int j = 0; j < n; j++) {
                t[j][i] = qi[j];
            }
        }
        return t;
    }

    /**
     * Implicit QL with Wilkinson shifts on the tridiagonal (d, e); d becomes the eigenvalues. The rotation
     * {@code (c, s)} at index i acts on eigenvector rows i and i+1 and is recorded, in order, in {@code rot}.
     */
    private static void ql(double[] d, double[] e, Rotations rot) {
        int n = d.length;
        double shift = 0;
        double tst = 0;
        for (int l = 0; l < n; l++) {
            tst = Math.max(tst, Math.abs(d[l]) + Math.abs(e[l]));
            int m = l;
            while (m < n - 1 && Math.abs(e[m]) > EPS * tst) {
                m++;
            }
            if (m > l) {
                int iter = 0;
                do {
                    if (++iter > 60 * n) {
                        throw new ArithmeticException("QL iteration did not converge");
                    }
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2.0 * e[l]);
                    double r = hypot(p, 1.0);
                    if (p < 0) {
                        r = -r;
                    }
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) {
                        d[i] -= h;
                    }
                    shift += h;
                    p = d[m];
                    double c = 1;
                    double c2 = 1;
                    double c3 = 1;
                    double el1 = e[l + 1];
                    double s = 0;
                    double s2 = 0;
                    for (int i = m - 1; i >= l; i--) {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        rot.add(i, c, s);
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                } while (Math.abs(e[l]) > EPS * tst);
            }
            d[l] += shift;
            e[l] = 0;
        }
    }

    /** sqrt(x² + y²) without the cost of {@link Math#hypot} where the squares can neither overflow nor lose it. */
    private static double hypot(double x, double y) {
        double big = Math.max(Math.abs(x), Math.abs(y));
        return big < 1e150 && big > 1e-150 ? Math.sqrt(x * x + y * y) : Math.hypot(x, y);
    }

    /** The plane rotations of the QL phase, recorded in order. */
    private static final class Rotations {
        private int[] index;
        private double[] cos;
        private double[] sin;
        private int size;

        Rotations(int capacity) {
            index = new int[capacity];
            cos = new double[capacity];
            sin = new double[capacity];
        }

        void add(int i, double c, double s) {
            if (size == index.length) {
                int cap = 2 * size;
                index = Arrays.copyOf(index, cap);
                cos = Arrays.copyOf(cos, cap);
                sin = Arrays.copyOf(sin, cap);
            }
            index[size] = i;
            cos[size] = c;
            sin[size] = s;
            size++;
        }

        /**
         * Rotation (i, c, s): {@code w[i+1] ← s·w[i] + c·w[i+1]}, {@code w[i] ← c·w[i] − s·w[i+1]}, for all
         * recorded rotations in order. Every column evolves on its own, so the columns are split into strips.
         */
        void applyToRows(double[][] w) {
            int n = w.length;
            boolean vector = Kernels.vector();
            int strip = vector ? STRIP_VECTOR : STRIP;
            int strips = (n + strip - 1) / strip;
            IntStream body = IntStream.range(0, strips);
            if (n >= PARALLEL_MIN) {
                body = body.parallel();
            }
            body.forEach(b -> {
                int j0 = b * strip;
                int j1 = Math.min(n, j0 + strip);
                if (vector) {
                    VectorKernels.rotate(w, j0, j1, index, cos, sin, size);
                } else {
                    applyToStrip(w, j0, j1);
                }
            });
        }

        /**
         * The recorded rotations on columns j0..j1−1. A QL sweep records a chain i, i−1, i−2, …; four links of a
         * chain are applied in one pass over the columns (5 rows loaded and stored instead of 8).
         */
        private void applyToStrip(double[][] w, int j0, int j1) {
            int r = 0;
            while (r < size) {
                int i = index[r];
                if (r + 3 < size && i >= 3 && index[r + 1] == i - 1 && index[r + 2] == i - 2
                        && index[r + 3] == i - 3) {
                    double c1 = cos[r];
                    double s1 = sin[r];
                    double c2 = cos[r + 1];
                    double s2 = sin[r + 1];
                    double c3 = cos[r + 2];
                    double s3 = sin[r + 2];
                    double c4 = cos[r + 3];
                    double s4 = sin[r + 3];
                    double[] w4 = w[i + 1];
                    double[] w3 = w[i];
                    double[] w2 = w[i - 1];
                    double[] w1 = w[i - 2];
                    double[] w0 = w[i - 3];
                    for (int j = j0; j < j1; j++) {
                        double a3 = w3[j];
                        double h = w4[j];
                        w4[j] = s1 * a3 + c1 * h;
                        h = c1 * a3 - s1 * h;
                        double a2 = w2[j];
                        w3[j] = s2 * a2 + c2 * h;
                        h = c2 * a2 - s2 * h;
                        double a1 = w1[j];
                        w2[j] = s3 * a1 + c3 * h;
                        h = c3 * a1 - s3 * h;
                        double a0 = w0[j];
                        w1[j] = s4 * a0 + c4 * h;
                        w0[j] = c4 * a0 - s4 * h;
                    }
                    r += 4;
                    continue;
                }
                double c = cos[r];
                double s = sin[r];
                double[] lo = w[i];
                double[] hi = w[i + 1];
                for (int j = j0; j < j1; j++) {
                    double h = hi[j];
                    double x = lo[j];
                    hi[j] = s * x + c * h;
                    lo[j] = c * x - s * h;
                }
                r++;
            }
        }
    }
}
