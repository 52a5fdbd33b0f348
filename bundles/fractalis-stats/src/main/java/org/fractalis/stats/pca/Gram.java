package org.fractalis.stats.pca;

import java.util.stream.IntStream;

/**
 * Cache-blocked dense kernels for the PCA: the small Gram matrix {@code Σ_r L[r]·L[r]ᵀ} of many short vectors and
 * the projection of those vectors on an eigenbasis. With the Vector API available ({@link Kernels}) the work goes
 * to {@link VectorKernels}; otherwise the inner loops here are plain multiply-adds over contiguous arrays, which the
 * JIT vectorises.
 */
final class Gram {
    /** Rows of the Gram matrix handled together (they stay in L1/L2 while the vectors stream by). */
    private static final int ROW_BLOCK = 32;
    /** Vectors handled together. */
    private static final int VEC_BLOCK = 32;
    /**
     * Up to this many basis vectors the Vector API products work straight on the data; the packed kernels copy
     * all of it once per call, which pays only when every value meets many basis vectors.
     */
    static final int THIN = 48;

    private Gram() {
    }

    /**
     * {@code G = Σ_r L[r]·L[r]ᵀ} for {@code r} vectors {@code L[r]} of length m; returns the full symmetric m × m
     * matrix.
     */
    static double[][] of(double[][] l, int m) {
        return Kernels.vector() ? VectorKernels.of(l, m) : scalarOf(l, m);
    }

    static double[][] scalarOf(double[][] l, int m) {
        int r = l.length;
        double[][] g = new double[m][m];
        int blocks = (m + ROW_BLOCK - 1) / ROW_BLOCK;
        // the work of block b grows with b: hand out the big ones first
        IntStream.range(0, blocks).parallel().map(b -> blocks - 1 - b).forEach(b -> {
            int i0 = b * ROW_BLOCK;
            int i1 = Math.min(m, i0 + ROW_BLOCK);
            for (int k0 = 0; k0 < r; k0 += VEC_BLOCK) {
                int k1 = Math.min(r, k0 + VEC_BLOCK);
                for (int i = i0; i < i1; i++) {
                    double[] gi = g[i];
                    int k = k0;
                    // four vectors per pass over the row: 5 loads and 1 store per 4 multiply-adds instead of 2 and 1
                    for (; k + 3 < k1; k += 4) {
                        double[] v0 = l[k];
                        double[] v1 = l[k + 1];
                        double[] v2 = l[k + 2];
                        double[] v3 = l[k + 3];
                        double a0 = v0[i];
                        double a1 = v1[i];
                        double a2 = v2[i];
                        double a3 = v3[i];
                        for (int j = 0; j <= i; j++) {
                            gi[j] += a0 * v0[j] + a1 * v1[j] + a2 * v2[j] + a3 * v3[j];
                        }
                    }
                    for (; k < k1; k++) {
                        double[] v = l[k];
                        double a = v[i];
                        for (int j = 0; j <= i; j++) {
                            gi[j] += a * v[j];
                        }
                    }
                }
            }
        });
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < i; j++) {
                g[j][i] = g[i][j];
            }
        }
        return g;
    }

    /**
     * {@code P[c][r] = Σ_t L[r][t]·B[c][t]} for c &lt; k: the coordinates of every vector {@code L[r]} (length m)
     * along the first k rows of {@code B} (the basis vectors, each of length m).
     */
    static double[][] project(double[][] l, double[][] basisRows, int m, int k) {
        if (Kernels.vector()) {
            return k <= THIN ? VectorKernels.projectThin(l, basisRows, m, k)
                    : VectorKernels.project(l, basisRows, m, k);
        }
        double[][] e = new double[m][k]; // column c = basis vector c, so the inner loop runs over c
        for (int c = 0; c < k; c++) {
            double[] b = basisRows[c];
            for (int t = 0; t < m; t++) {
                e[t][c] = b[t];
            }
        }
        return scalarProject(l, e, m, k);
    }

    /**
     * {@code Z[c][t] = Σ_r W[c][r]·L[r][t]} for c &lt; k: the linear combinations of the vectors {@code L[r]} (length
     * m) with the weights in the rows of W (each of length {@code L.length}). The transpose of {@link #project}.
     */
    static double[][] combine(double[][] l, double[][] weightRows, int m, int k) {
        if (Kernels.vector()) {
            return k <= THIN ? VectorKernels.combineThin(l, weightRows, m, k)
                    : VectorKernels.combine(l, weightRows, m, k);
        }
        return scalarCombine(l, weightRows, m, k);
    }

    static double[][] scalarCombine(double[][] l, double[][] w, int m, int k) {
        int r = l.length;
        double[][] z = new double[k][m];
        final int strip = 256; // four result rows of a strip stay in L1 …
        final int depth = 64; // … and a chunk of the vectors' strips in L2 while every weight row passes over it
        int strips = (m + strip - 1) / strip;
        IntStream.range(0, strips).parallel().forEach(b -> {
            int t0 = b * strip;
            int t1 = Math.min(m, t0 + strip);
            for (int q0 = 0; q0 < r; q0 += depth) {
                int q1 = Math.min(r, q0 + depth);
                int c = 0;
                // four result rows per pass over a vector: 1 load of the vector feeds 4 multiply-adds
                for (; c + 3 < k; c += 4) {
                    double[] z0 = z[c];
                    double[] z1 = z[c + 1];
                    double[] z2 = z[c + 2];
                    double[] z3 = z[c + 3];
                    double[] w0 = w[c];
                    double[] w1 = w[c + 1];
                    double[] w2 = w[c + 2];
                    double[] w3 = w[c + 3];
                    for (int q = q0; q < q1; q++) {
                        double[] v = l[q];
                        double a0 = w0[q];
                        double a1 = w1[q];
                        double a2 = w2[q];
                        double a3 = w3[q];
                        for (int t = t0; t < t1; t++) {
                            double x = v[t];
                            z0[t] += a0 * x;
                            z1[t] += a1 * x;
                            z2[t] += a2 * x;
                            z3[t] += a3 * x;
                        }
                    }
                }
                for (; c < k; c++) {
                    double[] zc = z[c];
                    double[] wc = w[c];
                    for (int q = q0; q < q1; q++) {
                        double[] v = l[q];
                        double a = wc[q];
                        for (int t = t0; t < t1; t++) {
                            zc[t] += a * v[t];
                        }
                    }
                }
            }
        });
        return z;
    }

    static double[][] scalarProject(double[][] l, double[][] e, int m, int k) {
        int r = l.length;
        double[][] p = new double[k][r];
        int blocks = (r + VEC_BLOCK - 1) / VEC_BLOCK;
        IntStream.range(0, blocks).parallel().forEach(b -> {
            int r0 = b * VEC_BLOCK;
            int r1 = Math.min(r, r0 + VEC_BLOCK);
            double[][] acc = new double[r1 - r0][k];
            int t = 0;
            // 2 vectors × 4 basis rows per pass over the accumulators: 6 loads and 2 stores per 8 multiply-adds
            for (; t + 3 < m; t += 4) {
                double[] e0 = e[t];
                double[] e1 = e[t + 1];
                double[] e2 = e[t + 2];
                double[] e3 = e[t + 3];
                int q = r0;
                for (; q + 1 < r1; q += 2) {
                    double[] x = l[q];
                    double[] y = l[q + 1];
                    double x0 = x[t];
                    double x1 = x[t + 1];
                    double x2 = x[t + 2];
                    double x3 = x[t + 3];
                    double y0 = y[t];
                    double y1 = y[t + 1];
                    double y2 = y[t + 2];
                    double y3 = y[t + 3];
                    double[] ax = acc[q - r0];
                    double[] ay = acc[q + 1 - r0];
                    for (int c = 0; c < k; c++) {
                        double f0 = e0[c];
                        double f1 = e1[c];
                        double f2 = e2[c];
                        double f3 = e3[c];
                        ax[c] += x0 * f0 + x1 * f1 + x2 * f2 + x3 * f3;
                        ay[c] += y0 * f0 + y1 * f1 + y2 * f2 + y3 * f3;
                    }
                }
                for (; q < r1; q++) {
                    double[] x = l[q];
                    double x0 = x[t];
                    double x1 = x[t + 1];
                    double x2 = x[t + 2];
                    double x3 = x[t + 3];
                    double[] ax = acc[q - r0];
                    for (int c = 0; c < k; c++) {
                        ax[c] += x0 * e0[c] + x1 * e1[c] + x2 * e2[c] + x3 * e3[c];
                    }
                }
            }
            for (; t < m; t++) {
                double[] et = e[t];
                for (int q = r0; q < r1; q++) {
                    double a = l[q][t];
                    double[] aq = acc[q - r0];
                    for (int c = 0; c < k; c++) {
                        aq[c] += a * et[c];
                    }
                }
            }
            for (int q = r0; q < r1; q++) {
                double[] aq = acc[q - r0];
                for (int c = 0; c < k; c++) {
                    p[c][q] = aq[c];
                }
            }
        });
        return p;
    }
}
