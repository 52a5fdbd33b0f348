package org.fractalis.stats.pca;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The k leading eigenpairs of a symmetric positive semi-definite operator that is only available as a product
 * with a block of vectors (for the PCA: {@code X·Xᵀ} or {@code Xᵀ·X} applied in two passes over X, never
 * formed).
 *
 * <p>Block Krylov iteration with full re-orthogonalisation (two passes of block Gram–Schmidt) and Rayleigh–Ritz
 * on the whole basis after each block: the basis grows by {@code block} vectors per pass over the data until the
 * explicit residual {@code ‖A·y − θ·y‖} of each of the k leading Ritz pairs is small enough that the Ritz vector
 * agrees with the exact eigenvector to about 1e-10 (the residual divided by the gap to the neighbouring Ritz
 * values), or is at the rounding level of the operator (1e-13 of the largest eigenvalue; then the neighbours are
 * so close that even a full decomposition cannot tell the directions apart better). Unlike a fixed number of
 * power iterations (scikit-learn's randomised SVD) this adapts to the spectrum: a well separated leading part
 * converges in a few blocks; a flat one (pure noise) needs more, and beyond {@code maxDim} basis vectors the
 * caller falls back to the exact decomposition.
 */
final class LeadingEigen {
    /** Residual relative to the gap: bounds the angle between Ritz vector and eigenvector. */
    static final double GAP_TOLERANCE = 1e-10;
    /** Residual relative to the largest eigenvalue that counts as converged whatever the gap (rounding level). */
    static final double FLOOR_TOLERANCE = 1e-13;

    /**
     * Ritz values closer than this (relative to the largest) to a neighbour form a cluster: in such a cluster the
     * individual directions are ill-determined (a perturbation of the data of relative size δ, e.g. values rounded
     * to 4 digits, turns them by about δ·λ₁/gap, whatever the solver) and converge slowly, so only their Ritz
     * values, hence the explained variances, are required to converge ({@link #VALUE_TOLERANCE}); they converge
     * much faster than the vectors (quadratically in the residual).
     */
    static final double CLUSTER = 1e-3;
    /** Relative change of a clustered Ritz value in the last step below which it counts as converged. */
    static final double VALUE_TOLERANCE = 1e-9;

    /** The leading Ritz vectors (rows) and whether they met the tolerances. */
    record Result(double[][] vectors, boolean converged, int dimension) {
    }

    /** {@code A·v} for each row v of a block (rows of length m); returns the images as rows. */
    interface Operator {
        double[][] apply(double[][] rows);
    }

    private LeadingEigen() {
    }

    /**
     * @param a the operator, m × m, symmetric positive semi-definite
     * @param k the number of leading eigenpairs wanted, k &lt; block
     * @param block vectors added to the basis per application of the operator
     * @param maxDim the largest basis allowed; beyond it the method gives up
     * @param seed of the random start block (results are reproducible)
     * @return k × m, row c the unit eigenvector of the c-th largest eigenvalue, and whether the tolerances were met
     *     within maxDim (if not: the best approximation at maxDim)
     */
    static Result of(Operator a, int m, int k, int block, int maxDim, long seed) {
        if (k >= block || block > m) {
            throw new IllegalArgumentException("need k < block <= m");
        }
        Random random = new Random(seed);
        List<double[]> q = new ArrayList<>();
        List<double[]> aq = new ArrayList<>();
        double[][] t = new double[0][];
        double[] previous = null;
        double[][] next = new double[block][];
        for (int c = 0; c < block; c++) {
            next[c] = gaussian(random, m);
        }
        next = orthonormalise(next, q, m, random);
        while (true) {
            double[][] images = a.apply(next);
            int k0 = q.size();
            q.addAll(Arrays.asList(next));
            aq.addAll(Arrays.asList(images));
            int dim = q.size();
            double[][] basis = q.toArray(new double[0][]);
            // new columns of T = Qᵀ·A·Q: p[i][r] = q_i · A·q_{k0+r}
            double[][] p = Gram.project(images, basis, m, dim);
            double[][] grown = new double[dim][dim];
            for (int i = 0; i < k0; i++) {
                System.arraycopy(t[i], 0, grown[i], 0, k0);
            }
            for (int r = 0; r < next.length; r++) {
                int j = k0 + r;
                for (int i = 0; i < dim; i++) {
                    double v = p[i][r];
                    if (i >= k0) {
                        v = 0.5 * (v + p[j][i - k0]); // both halves of the new diagonal block: symmetrise
                    }
                    grown[i][j] = v;
                    grown[j][i] = v;
                }
            }
            t = grown;
            boolean last = dim + block > maxDim || dim + block > m;
            // Rayleigh–Ritz costs O(dim³): in a long run (a flat spectrum) only after every other block
            if (!last && dim > 10 * block && (dim / block) % 2 == 1) {
                next = orthonormalise(images, q, m, random);
                continue;
            }
            SymmetricEigen eig = SymmetricEigen.of(t);
            double[] theta = eig.values();
            double[][] s = Arrays.copyOf(eig.vectorRows(), k);
            double[][] y = Gram.combine(basis, s, m, k);
            double[][] ay = Gram.combine(aq.toArray(new double[0][]), s, m, k);
            boolean done = converged(theta, previous, y, ay, k, m);
            previous = theta;
            if (done || last) {
                for (double[] v : y) {
                    double n = Math.sqrt(dot(v, v));
                    for (int i = 0; i < m; i++) {
                        v[i] /= n;
                    }
                }
                return new Result(y, done, dim);
            }
            next = orthonormalise(images, q, m, random);
        }
    }

    private static boolean converged(double[] theta, double[] previous, double[][] y, double[][] ay, int k, int m) {
        double top = Math.max(theta[0], 0);
        if (top == 0) {
            return true; // the zero operator: any orthonormal vectors are eigenvectors
        }
        for (int c = 0; c < k; c++) {
            double gap = theta[c] - theta[c + 1];
            if (c > 0) {
                gap = Math.min(gap, theta[c - 1] - theta[c]);
            }
            double[] yc = y[c];
            double[] ayc = ay[c];
            double r2 = 0;
            for (int i = 0; i < m; i++) {
                double d = ayc[i] - theta[c] * yc[i];
                r2 += d * d;
            }
            double residual = Math.sqrt(r2);
            if (gap < CLUSTER * top) {
                // a cluster: ask that the Ritz value (the explained variance) no longer moves; they rise
                // monotonically towards the eigenvalue, geometrically, so the last step bounds what is left
                double moved = previous == null ? Double.POSITIVE_INFINITY : theta[c] - previous[c];
                if (moved > Math.max(VALUE_TOLERANCE * theta[c], FLOOR_TOLERANCE * top)) {
                    return false;
                }
            } else if (residual > Math.max(GAP_TOLERANCE * gap, FLOOR_TOLERANCE * top)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The rows of {@code block} made orthonormal and orthogonal to the basis (two passes of block classical
     * Gram–Schmidt, then modified Gram–Schmidt within the block). A row that (numerically) lies in the span already
     * is replaced by a random one: the Krylov space is exhausted in that direction and the rest of the space is
     * as good a continuation as any.
     */
    private static double[][] orthonormalise(double[][] block, List<double[]> q, int m, Random random) {
        int b = block.length;
        double[][] v = new double[b][];
        double[] before = new double[b];
        for (int r = 0; r < b; r++) {
            v[r] = block[r].clone();
            before[r] = Math.sqrt(dot(v[r], v[r]));
        }
        double[][] basis = q.toArray(new double[0][]);
        for (int pass = 0; pass < 2 && basis.length > 0; pass++) {
            subtract(v, basis, m);
        }
        for (int r = 0; r < b; r++) {
            for (int attempt = 0;; attempt++) {
                double[] x = v[r];
                for (int pass = 0; pass < 2; pass++) {
                    for (int s = 0; s < r; s++) {
                        double d = dot(x, v[s]);
                        for (int i = 0; i < m; i++) {
                            x[i] -= d * v[s][i];
                        }
                    }
                }
                double norm = Math.sqrt(dot(x, x));
                if (norm > 1e-10 * before[r] && norm > 0) {
                    for (int i = 0; i < m; i++) {
                        x[i] /= norm;
                    }
                    break;
                }
                if (attempt == 3) {
                    throw new IllegalStateException("cannot extend the Krylov basis");
                }
                double[][] fresh = {gaussian(random, m)};
                before[r] = Math.sqrt(dot(fresh[0], fresh[0]));
                if (basis.length > 0) {
                    subtract(fresh, basis, m);
                    subtract(fresh, basis, m);
                }
                v[r] = fresh[0];
            }
        }
        return v;
    }

    /** {@code v −= (v·Qᵀ)·Q} for the rows v and the basis rows Q. */
    private static void subtract(double[][] v, double[][] basis, int m) {
        double[][] coeff = Gram.project(v, basis, m, basis.length); // [basis][row]
        double[][] weights = new double[v.length][basis.length];
        for (int i = 0; i < basis.length; i++) {
            for (int r = 0; r < v.length; r++) {
                weights[r][i] = coeff[i][r];
            }
        }
        double[][] along = Gram.combine(basis, weights, m, v.length);
        for (int r = 0; r < v.length; r++) {
            double[] x = v[r];
            double[] d = along[r];
            for (int i = 0; i < m; i++) {
                x[i] -= d[i];
            }
        }
    }

    private static double[] gaussian(Random random, int m) {
        double[] v = new double[m];
        for (int i = 0; i < m; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
