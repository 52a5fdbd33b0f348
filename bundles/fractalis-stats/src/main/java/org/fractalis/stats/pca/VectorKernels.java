package org.fractalis.stats.pca;

import java.util.stream.IntStream;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels of {@link Gram} and {@link SymmetricEigen} with the JDK's incubating Vector API. The matrix products
 * are packed and register-blocked.
 * The micro-kernel keeps a 4 × 3-vector block of the result in registers (12 accumulators) and does one
 * fused multiply-add per loaded value pair, where the auto-vectorised loops of {@link Gram} load and store the
 * accumulator on every multiply-add. About 3–4 times faster on AVX-512.
 *
 * <p>Only touched through {@link Kernels}, which checks that {@code jdk.incubator.vector} is present first; this
 * class must not be loaded otherwise.
 */
final class VectorKernels {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows of the result per micro-kernel. */
    private static final int MR = 4;
    /** Columns of the result per micro-kernel: 3 vectors. */
    private static final int NR = 3 * L;
    /** Depth of a packed block: a 128 × NR panel of the right operand stays in L1. */
    private static final int KC = 128;
    /** Columns of the projection packed together (4 micro-panels: packed block, result block and A stay in L2). */
    private static final int NC = 4 * NR;
    /** Above this order the Gram matrix is split by rows instead of by summands (memory of the partial sums). */
    private static final int GRAM_SPLIT_ROWS = 1024;

    private VectorKernels() {
    }

    /** Whether the vectors are wide enough to beat the auto-vectorised loops. */
    static boolean usable() {
        return L >= 4;
    }

    /** As {@link Gram#of}: {@code G = Σ_r l[r]·l[r]ᵀ}, full m × m. */
    static double[][] of(double[][] l, int m) {
        int r = l.length;
        int par = Math.max(1, Runtime.getRuntime().availableProcessors());
        // small m: every task takes a share of the summands and the whole lower triangle (partial sums are added);
        // large m: every task takes a band of rows over all summands
        int bands = m <= GRAM_SPLIT_ROWS ? 1 : (m + 255) / 256;
        int chunks = bands > 1 ? 1 : Math.max(1, Math.min(2 * par, (r + KC - 1) / KC));
        double[][][] partial = new double[chunks][][];
        partial[0] = new double[m][m];
        int tasks = bands * chunks;
        IntStream.range(0, tasks).parallel().forEach(task -> {
            int band = bands - 1 - task / chunks; // the lower bands have more work: hand them out first
            int chunk = task % chunks;
            int i0 = (int) ((long) m * band / bands) / MR * MR;
            int i1 = band == bands - 1 ? m : (int) ((long) m * (band + 1) / bands) / MR * MR;
            int r0 = (int) ((long) r * chunk / chunks);
            int r1 = (int) ((long) r * (chunk + 1) / chunks);
            double[][] g;
            if (chunk == 0) {
                g = partial[0];
            } else {
                g = new double[m][m];
                partial[chunk] = g;
            }
            gramBlock(l, r0, r1, i0, i1, g);
        });
        double[][] g = partial[0];
        for (int c = 1; c < chunks; c++) {
            double[][] h = partial[c];
            for (int i = 0; i < m; i++) {
                double[] gi = g[i];
                double[] hi = h[i];
                for (int j = 0; j <= i; j++) {
                    gi[j] += hi[j];
                }
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < i; j++) {
                g[j][i] = g[i][j];
            }
        }
        return g;
    }

    /** Adds {@code Σ_{r0 ≤ q < r1} l[q][i]·l[q][j]} to g[i][j] for i0 ≤ i &lt; i1 and j ≤ i (some j &gt; i too). */
    private static void gramBlock(double[][] l, int r0, int r1, int i0, int i1, double[][] g) {
        int rows = i1 - i0;
        int aPanels = (rows + MR - 1) / MR;
        int bPanels = (i1 + NR - 1) / NR; // columns 0 .. i1−1
        double[] ap = new double[aPanels * MR * KC];
        double[] bp = new double[bPanels * NR * KC];
        double[][] edge = new double[MR][NR];
        for (int q0 = r0; q0 < r1; q0 += KC) {
            int kc = Math.min(KC, r1 - q0);
            for (int t = 0; t < kc; t++) {
                double[] v = l[q0 + t];
                for (int ir = 0; ir < aPanels; ir++) {
                    int off = ir * MR * KC + t * MR;
                    int i = i0 + ir * MR;
                    int len = Math.min(MR, i1 - i);
                    System.arraycopy(v, i, ap, off, len);
                    for (int x = len; x < MR; x++) {
                        ap[off + x] = 0;
                    }
                }
                for (int jr = 0; jr < bPanels; jr++) {
                    int off = jr * NR * KC + t * NR;
                    int j = jr * NR;
                    int len = Math.min(NR, i1 - j);
                    System.arraycopy(v, j, bp, off, len);
                    for (int x = len; x < NR; x++) {
                        bp[off + x] = 0;
                    }
                }
            }
            for (int jr = 0; jr < bPanels; jr++) {
                int j = jr * NR;
                // first row panel that reaches the diagonal of this column panel
                int first = Math.max(0, (j - i0) / MR);
                for (int ir = first; ir < aPanels; ir++) {
                    int i = i0 + ir * MR;
                    store(kc, ap, ir * MR * KC, bp, jr * NR * KC, g, i, Math.min(MR, i1 - i), j,
                            Math.min(NR, i1 - j), edge);
                }
            }
        }
    }

    /**
     * As {@link Gram#project}: {@code P[c][q] = Σ_t l[q][t]·basis[c][t]} for c &lt; k, where the rows of basis are
     * the vectors to project on.
     */
    static double[][] project(double[][] l, double[][] basis, int m, int k) {
        int r = l.length;
        double[][] out = new double[k][r];
        int aPanels = (k + MR - 1) / MR;
        // the left operand once for all tasks: panel ir holds rows 4·ir.. column by column
        double[] ap = new double[aPanels * MR * m];
        IntStream.range(0, aPanels).parallel().forEach(ir -> {
            int base = ir * MR * m;
            for (int x = 0; x < MR && ir * MR + x < k; x++) {
                double[] row = basis[ir * MR + x];
                for (int t = 0; t < m; t++) {
                    ap[base + t * MR + x] = row[t];
                }
            }
        });
        int blocks = (r + NC - 1) / NC;
        // a few tasks per core, each reusing its packing buffer over a run of column blocks
        int tasks = Math.min(blocks, 4 * Math.max(1, Runtime.getRuntime().availableProcessors()));
        IntStream.range(0, tasks).parallel().forEach(task -> {
            double[] bp = new double[NC * m];
            double[][] edge = new double[MR][NR];
            for (int block = blocks * task / tasks; block < blocks * (task + 1) / tasks; block++) {
                projectBlock(l, m, k, ap, aPanels, block * NC, Math.min(r, block * NC + NC), bp, edge, out);
            }
        });
        return out;
    }

    /**
     * As {@link Gram#combine}: {@code out[c][t] = Σ_q w[c][q]·l[q][t]} for c &lt; k, where l holds r vectors of
     * length m and the rows of w hold r weights each. W is packed once; every task packs a band of NC columns of
     * the vectors, KC vectors deep, and runs the micro-kernel over it.
     */
    static double[][] combine(double[][] l, double[][] w, int m, int k) {
        int r = l.length;
        double[][] out = new double[k][m];
        int aPanels = (k + MR - 1) / MR;
        double[] ap = new double[aPanels * MR * r];
        IntStream.range(0, aPanels).parallel().forEach(ir -> {
            int base = ir * MR * r;
            for (int x = 0; x < MR && ir * MR + x < k; x++) {
                double[] row = w[ir * MR + x];
                for (int q = 0; q < r; q++) {
                    ap[base + q * MR + x] = row[q];
                }
            }
        });
        int blocks = (m + NC - 1) / NC;
        IntStream.range(0, blocks).parallel().forEach(block -> {
            int t0 = block * NC;
            int t1 = Math.min(m, t0 + NC);
            int bPanels = (t1 - t0 + NR - 1) / NR;
            double[] bp = new double[bPanels * NR * KC];
            double[][] edge = new double[MR][NR];
            for (int q0 = 0; q0 < r; q0 += KC) {
                int kc = Math.min(KC, r - q0);
                for (int q = 0; q < kc; q++) {
                    double[] v = l[q0 + q];
                    for (int jr = 0; jr < bPanels; jr++) {
                        int off = jr * NR * KC + q * NR;
                        int t = t0 + jr * NR;
                        int len = Math.min(NR, t1 - t);
                        System.arraycopy(v, t, bp, off, len);
                        for (int x = len; x < NR; x++) {
                            bp[off + x] = 0;
                        }
                    }
                }
                for (int jr = 0; jr < bPanels; jr++) {
                    int t = t0 + jr * NR;
                    for (int ir = 0; ir < aPanels; ir++) {
                        int c = ir * MR;
                        store(kc, ap, ir * MR * r + q0 * MR, bp, jr * NR * KC, out, c, Math.min(MR, k - c), t,
                                Math.min(NR, t1 - t), edge);
                    }
                }
            }
        });
        return out;
    }

    /**
     * {@link #project} for a few basis vectors (the Krylov blocks and the final projection of a truncated PCA):
     * dot products straight from the vectors, 4 vectors × 3 basis vectors per pass with 12 accumulators, no
     * packing. Packing would copy (transpose) all the data once per call for only k results per vector.
     */
    static double[][] projectThin(double[][] l, double[][] basis, int m, int k) {
        int r = l.length;
        double[][] out = new double[k][r];
        int mv = m / L * L;
        final int chunk = 64;
        IntStream.range(0, (r + chunk - 1) / chunk).parallel().forEach(ch -> {
            int q1 = Math.min(r, ch * chunk + chunk);
            for (int q = ch * chunk; q < q1; q += MR) {
                double[] x0 = l[q];
                double[] x1 = l[Math.min(q + 1, q1 - 1)]; // past the end: repeat the last vector, result dropped
                double[] x2 = l[Math.min(q + 2, q1 - 1)];
                double[] x3 = l[Math.min(q + 3, q1 - 1)];
                for (int c = 0; c < k; c += 3) {
                    double[] b0 = basis[c];
                    double[] b1 = basis[Math.min(c + 1, k - 1)];
                    double[] b2 = basis[Math.min(c + 2, k - 1)];
                    DoubleVector s00 = DoubleVector.zero(S);
                    DoubleVector s01 = s00;
                    DoubleVector s02 = s00;
                    DoubleVector s10 = s00;
                    DoubleVector s11 = s00;
                    DoubleVector s12 = s00;
                    DoubleVector s20 = s00;
                    DoubleVector s21 = s00;
                    DoubleVector s22 = s00;
                    DoubleVector s30 = s00;
                    DoubleVector s31 = s00;
                    DoubleVector s32 = s00;
                    for (int t = 0; t < mv; t += L) {
                        DoubleVector v0 = DoubleVector.fromArray(S, b0, t);
                        DoubleVector v1 = DoubleVector.fromArray(S, b1, t);
                        DoubleVector v2 = DoubleVector.fromArray(S, b2, t);
                        DoubleVector y = DoubleVector.fromArray(S, x0, t);
                        s00 = y.fma(v0, s00);
                        s01 = y.fma(v1, s01);
                        s02 = y.fma(v2, s02);
                        y = DoubleVector.fromArray(S, x1, t);
                        s10 = y.fma(v0, s10);
                        s11 = y.fma(v1, s11);
                        s12 = y.fma(v2, s12);
                        y = DoubleVector.fromArray(S, x2, t);
                        s20 = y.fma(v0, s20);
                        s21 = y.fma(v1, s21);
                        s22 = y.fma(v2, s22);
                        y = DoubleVector.fromArray(S, x3, t);
                        s30 = y.fma(v0, s30);
                        s31 = y.fma(v1, s31);
                        s32 = y.fma(v2, s32);
                    }
                    double[][] acc = {
                        {s00.reduceLanes(VectorOperators.ADD), s01.reduceLanes(VectorOperators.ADD),
                            s02.reduceLanes(VectorOperators.ADD)},
                        {s10.reduceLanes(VectorOperators.ADD), s11.reduceLanes(VectorOperators.ADD),
                            s12.reduceLanes(VectorOperators.ADD)},
                        {s20.reduceLanes(VectorOperators.ADD), s21.reduceLanes(VectorOperators.ADD),
                            s22.reduceLanes(VectorOperators.ADD)},
                        {s30.reduceLanes(VectorOperators.ADD), s31.reduceLanes(VectorOperators.ADD),
                            s32.reduceLanes(VectorOperators.ADD)}};
                    double[][] xs = {x0, x1, x2, x3};
                    double[][] bs = {b0, b1, b2};
                    for (int x = 0; x < MR && q + x < q1; x++) {
                        for (int y = 0; y < 3 && c + y < k; y++) {
                            double sum = acc[x][y];
                            for (int t = mv; t < m; t++) {
                                sum += xs[x][t] * bs[y][t];
                            }
                            out[c + y][q + x] = sum;
                        }
                    }
                }
            }
        });
        return out;
    }

    /**
     * {@link #combine} for a few weight rows: every task takes a band of the result's columns and streams the
     * vectors through it in chunks that stay in cache, 4 weight rows × 3 vector widths (12 accumulators) at a time.
     */
    static double[][] combineThin(double[][] l, double[][] w, int m, int k) {
        int r = l.length;
        double[][] out = new double[k][m];
        final int band = 8 * NR;
        final int depth = 256; // vectors per chunk: 256 × band doubles stay in L2
        IntStream.range(0, (m + band - 1) / band).parallel().forEach(bi -> {
            int t0 = bi * band;
            int t1 = Math.min(m, t0 + band);
            int tv = t0 + (t1 - t0) / NR * NR;
            for (int q0 = 0; q0 < r; q0 += depth) {
                int q1 = Math.min(r, q0 + depth);
                for (int c = 0; c < k; c += MR) {
                    double[] w0 = w[c];
                    double[] w1 = w[Math.min(c + 1, k - 1)];
                    double[] w2 = w[Math.min(c + 2, k - 1)];
                    double[] w3 = w[Math.min(c + 3, k - 1)];
                    int rows = Math.min(MR, k - c);
                    for (int t = t0; t < tv; t += NR) {
                        DoubleVector s00 = DoubleVector.zero(S);
                        DoubleVector s01 = s00;
                        DoubleVector s02 = s00;
                        DoubleVector s10 = s00;
                        DoubleVector s11 = s00;
                        DoubleVector s12 = s00;
                        DoubleVector s20 = s00;
                        DoubleVector s21 = s00;
                        DoubleVector s22 = s00;
                        DoubleVector s30 = s00;
                        DoubleVector s31 = s00;
                        DoubleVector s32 = s00;
                        for (int q = q0; q < q1; q++) {
                            double[] v = l[q];
                            DoubleVector a0 = DoubleVector.fromArray(S, v, t);
                            DoubleVector a1 = DoubleVector.fromArray(S, v, t + L);
                            DoubleVector a2 = DoubleVector.fromArray(S, v, t + 2 * L);
                            DoubleVector x = DoubleVector.broadcast(S, w0[q]);
                            s00 = a0.fma(x, s00);
                            s01 = a1.fma(x, s01);
                            s02 = a2.fma(x, s02);
                            x = DoubleVector.broadcast(S, w1[q]);
                            s10 = a0.fma(x, s10);
                            s11 = a1.fma(x, s11);
                            s12 = a2.fma(x, s12);
                            x = DoubleVector.broadcast(S, w2[q]);
                            s20 = a0.fma(x, s20);
                            s21 = a1.fma(x, s21);
                            s22 = a2.fma(x, s22);
                            x = DoubleVector.broadcast(S, w3[q]);
                            s30 = a0.fma(x, s30);
                            s31 = a1.fma(x, s31);
                            s32 = a2.fma(x, s32);
                        }
                        add(out[c], t, s00, s01, s02);
                        if (rows > 1) {
                            add(out[c + 1], t, s10, s11, s12);
                        }
                        if (rows > 2) {
                            add(out[c + 2], t, s20, s21, s22);
                        }
                        if (rows > 3) {
                            add(out[c + 3], t, s30, s31, s32);
                        }
                    }
                    for (int y = 0; y < rows; y++) { // the columns left over
                        double[] o = out[c + y];
                        double[] wy = w[c + y];
                        for (int q = q0; q < q1; q++) {
                            double a = wy[q];
                            double[] v = l[q];
                            for (int t = tv; t < t1; t++) {
                                o[t] += a * v[t];
                            }
                        }
                    }
                }
            }
        });
        return out;
    }

    /** Columns q0..q1−1 of the projection: packs them (all m rows) into bp and runs the micro-kernels. */
    private static void projectBlock(double[][] l, int m, int k, double[] ap, int aPanels, int q0, int q1, double[] bp,
            double[][] edge, double[][] out) {
        int bPanels = (q1 - q0 + NR - 1) / NR;
        for (int q = q0; q < q0 + bPanels * NR; q++) {
            int base = (q - q0) / NR * NR * m + (q - q0) % NR;
            if (q < q1) {
                double[] v = l[q];
                for (int t = 0; t < m; t++) {
                    bp[base + t * NR] = v[t];
                }
            } else {
                for (int t = 0; t < m; t++) {
                    bp[base + t * NR] = 0; // the buffer is reused: clear the padding of a short last panel
                }
            }
        }
        for (int t0 = 0; t0 < m; t0 += KC) {
            int kc = Math.min(KC, m - t0);
            for (int jr = 0; jr < bPanels; jr++) {
                int q = q0 + jr * NR;
                for (int ir = 0; ir < aPanels; ir++) {
                    int c = ir * MR;
                    store(kc, ap, ir * MR * m + t0 * MR, bp, jr * NR * m + t0 * NR, out, c, Math.min(MR, k - c), q,
                            Math.min(NR, q1 - q), edge);
                }
            }
        }
    }

    /**
     * Applies the plane rotations {@code (index[r], cos[r], sin[r])}, r &lt; size, in order to the columns
     * j0..j1−1 of the rows of w; see {@link SymmetricEigen}. Chains i, i−1, i−2, i−3 (a QL sweep) go four at a
     * time, with the intermediate rows kept in registers.
     */
    static void rotate(double[][] w, int j0, int j1, int[] index, double[] cos, double[] sin, int size) {
        int jv = j0 + (j1 - j0) / L * L;
        int r = 0;
        while (r < size) {
            int i = index[r];
            if (r + 3 < size && i >= 3 && index[r + 1] == i - 1 && index[r + 2] == i - 2 && index[r + 3] == i - 3) {
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
                for (int j = j0; j < jv; j += L) {
                    DoubleVector a = DoubleVector.fromArray(S, w3, j);
                    DoubleVector h = DoubleVector.fromArray(S, w4, j);
                    a.mul(s1).add(h.mul(c1)).intoArray(w4, j);
                    h = a.mul(c1).sub(h.mul(s1));
                    a = DoubleVector.fromArray(S, w2, j);
                    a.mul(s2).add(h.mul(c2)).intoArray(w3, j);
                    h = a.mul(c2).sub(h.mul(s2));
                    a = DoubleVector.fromArray(S, w1, j);
                    a.mul(s3).add(h.mul(c3)).intoArray(w2, j);
                    h = a.mul(c3).sub(h.mul(s3));
                    a = DoubleVector.fromArray(S, w0, j);
                    a.mul(s4).add(h.mul(c4)).intoArray(w1, j);
                    a.mul(c4).sub(h.mul(s4)).intoArray(w0, j);
                }
                for (int q = 0; q < 4; q++) { // the columns left over, link by link
                    rotateScalar(w[i - q], w[i - q + 1], cos[r + q], sin[r + q], jv, j1);
                }
                r += 4;
                continue;
            }
            double c = cos[r];
            double s = sin[r];
            double[] lo = w[i];
            double[] hi = w[i + 1];
            for (int j = j0; j < jv; j += L) {
                DoubleVector x = DoubleVector.fromArray(S, lo, j);
                DoubleVector h = DoubleVector.fromArray(S, hi, j);
                x.mul(s).add(h.mul(c)).intoArray(hi, j);
                x.mul(c).sub(h.mul(s)).intoArray(lo, j);
            }
            rotateScalar(lo, hi, c, s, jv, j1);
            r++;
        }
    }

    private static void rotateScalar(double[] lo, double[] hi, double c, double s, int j0, int j1) {
        for (int j = j0; j < j1; j++) {
            double h = hi[j];
            double x = lo[j];
            hi[j] = s * x + c * h;
            lo[j] = c * x - s * h;
        }
    }

    /** The micro-kernel on a full or partial block: adds the product to c[i..i+rows)[j..j+cols). */
    private static void store(int kc, double[] a, int ao, double[] b, int bo, double[][] c, int i, int rows, int j,
            int cols, double[][] edge) {
        if (rows == MR && cols == NR) {
            kernel(kc, a, ao, b, bo, c[i], c[i + 1], c[i + 2], c[i + 3], j);
            return;
        }
        for (double[] e : edge) {
            java.util.Arrays.fill(e, 0.0);
        }
        kernel(kc, a, ao, b, bo, edge[0], edge[1], edge[2], edge[3], 0);
        for (int x = 0; x < rows; x++) {
            double[] src = edge[x];
            double[] dst = c[i + x];
            for (int y = 0; y < cols; y++) {
                dst[j + y] += src[y];
            }
        }
    }

    /**
     * {@code c_x[j..j+NR) += Σ_t a[ao + t·MR + x]·b[bo + t·NR ..]} for the 4 rows x: a packed 4 × kc panel (column
     * by column) times a packed kc × NR panel (row by row).
     */
    private static void kernel(int kc, double[] a, int ao, double[] b, int bo, double[] c0, double[] c1, double[] c2,
            double[] c3, int j) {
        DoubleVector s00 = DoubleVector.zero(S);
        DoubleVector s01 = s00;
        DoubleVector s02 = s00;
        DoubleVector s10 = s00;
        DoubleVector s11 = s00;
        DoubleVector s12 = s00;
        DoubleVector s20 = s00;
        DoubleVector s21 = s00;
        DoubleVector s22 = s00;
        DoubleVector s30 = s00;
        DoubleVector s31 = s00;
        DoubleVector s32 = s00;
        for (int t = 0; t < kc; t++) {
            int bt = bo + t * NR;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bt);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bt + L);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bt + 2 * L);
            int at = ao + t * MR;
            DoubleVector x = DoubleVector.broadcast(S, a[at]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            s02 = b2.fma(x, s02);
            x = DoubleVector.broadcast(S, a[at + 1]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            s12 = b2.fma(x, s12);
            x = DoubleVector.broadcast(S, a[at + 2]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            s22 = b2.fma(x, s22);
            x = DoubleVector.broadcast(S, a[at + 3]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
            s32 = b2.fma(x, s32);
        }
        add(c0, j, s00, s01, s02);
        add(c1, j, s10, s11, s12);
        add(c2, j, s20, s21, s22);
        add(c3, j, s30, s31, s32);
    }

    private static void add(double[] row, int j, DoubleVector v0, DoubleVector v1, DoubleVector v2) {
        DoubleVector.fromArray(S, row, j).add(v0).intoArray(row, j);
        DoubleVector.fromArray(S, row, j + L).add(v1).intoArray(row, j + L);
        DoubleVector.fromArray(S, row, j + 2 * L).add(v2).intoArray(row, j + 2 * L);
    }
}
