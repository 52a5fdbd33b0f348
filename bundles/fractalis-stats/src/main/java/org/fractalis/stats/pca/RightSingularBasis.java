package org.fractalis.stats.pca;

import java.util.stream.IntStream;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * The right singular vectors of a tall matrix M (m × k, m ≥ k), sorted by decreasing singular value, in one of
 * two ways:
 *
 * <ul>
 * <li>{@link #accurate}: Householder QR of M, then the SVD of the k × k factor R (Commons Math). Backward stable:
 * small singular values keep an absolute accuracy of ε·σ<sub>max</sub>, as LAPACK's SVD. Costs 2·m·k².</li>
 * <li>{@link #fastFromRows}: eigenvectors of the Gram matrix MᵀM ({@link SymmetricEigen}). Costs m·k²/2 with
 * vectorised kernels, but squares the condition number (a singular value σ is only accurate to
 * ε·σ<sub>max</sub>²/σ).</li>
 * </ul>
 */
final class RightSingularBasis {
    /** Up to this many components the accurate path is used. */
    static final int ACCURATE_MAX_K = 128;

    private RightSingularBasis() {
    }

    /**
     * @param rows the m rows of M, each of length k (not modified)
     * @return k × k; row c is the c-th right singular vector, from the eigen-decomposition of
     *     {@code Σ rows[r]·rows[r]ᵀ}
     */
    static double[][] fastFromRows(double[][] rows, int k) {
        return SymmetricEigen.of(Gram.of(rows, k)).vectorRows();
    }

    /**
     * @param columns the k columns of M, each of length m (not modified)
     * @return k × k; row c is the c-th right singular vector
     */
    static double[][] accurate(double[][] columns, int m) {
        int k = columns.length;
        double[][] a = new double[k][];
        for (int c = 0; c < k; c++) {
            a[c] = columns[c].clone();
        }
        double[][] r = new double[k][k];
        for (int j = 0; j < k; j++) {
            double[] v = a[j];
            double scale = 0;
            for (int i = j; i < m; i++) {
                scale = Math.max(scale, Math.abs(v[i]));
            }
            if (scale == 0) {
                r[j][j] = 0; // column already zero below the diagonal: identity reflector
                for (int l = j + 1; l < k; l++) {
                    r[j][l] = a[l][j];
                }
                continue;
            }
            double norm2 = 0;
            for (int i = j; i < m; i++) {
                double t = v[i] / scale;
                norm2 += t * t;
            }
            double norm = scale * Math.sqrt(norm2);
            double alpha = v[j] > 0 ? -norm : norm;
            v[j] -= alpha; // v = x − alpha·e1, reflector H = I − v·vᵀ / (vᵀv / 2)... applied below
            double vtv = 0;
            for (int i = j; i < m; i++) {
                vtv += v[i] * v[i];
            }
            double beta = vtv == 0 ? 0 : 2.0 / vtv;
            r[j][j] = alpha;
            int col = j;
            IntStream.range(j + 1, k).parallel().forEach(l -> {
                double[] w = a[l];
                double dot = 0;
                for (int i = col; i < m; i++) {
                    dot += v[i] * w[i];
                }
                double tau = beta * dot;
                for (int i = col; i < m; i++) {
                    w[i] -= tau * v[i];
                }
            });
            for (int l = j + 1; l < k; l++) {
                r[j][l] = a[l][j];
            }
        }
        SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(r, false));
        return svd.getVT().getData(); // singular values come sorted in non-increasing order
    }
}
