package org.fractalis.stats.pca;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/** Eigen-decomposition of a real symmetric matrix (Commons Math), eigenpairs sorted by decreasing eigenvalue. */
final class SymmetricEigen {
    private final double[] values;
    /** Row-major m × m; column c is the eigenvector of {@code values[c]}. */
    private final double[][] vectors;

    private SymmetricEigen(double[] values, double[][] vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    static SymmetricEigen of(double[][] symmetric) {
        int m = symmetric.length;
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(symmetric, false));
        double[] raw = eig.getRealEigenvalues();
        RealMatrix v = eig.getV();
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> raw[i]).reversed());
        double[] values = new double[m];
        double[][] vectors = new double[m][m];
        double[][] data = v.getData();
        for (int c = 0; c < m; c++) {
            int src = order[c];
            values[c] = raw[src];
            for (int t = 0; t < m; t++) {
                vectors[t][c] = data[t][src];
            }
        }
        return new SymmetricEigen(values, vectors);
    }

    /** Row-major matrix whose columns are the eigenvectors. */
    double[][] vectors() {
        return vectors;
    }
}
