package org.fractalis.stats.pca;

/**
 * A fitted principal component analysis. Component {@code c} is row {@code c} of every matrix; components are in
 * decreasing order of explained variance. Arrays are shared, not copied: treat them as read-only.
 *
 * @param scores the transformed samples, {@code scores[c][i]} for component c and sample i (whitened when the fit
 *     asked for it)
 * @param components the unit principal axes, {@code components[c][j]} for feature j (scikit-learn's
 *     {@code components_})
 * @param explainedVariance {@code S²/(n−1)} per component
 * @param explainedVarianceRatio the explained variance divided by the total variance (the trace of the covariance,
 *     the sum over all min(n, p) components even when fewer are kept)
 */
public record PcaResult(double[][] scores, double[][] components, double[] explainedVariance,
        double[] explainedVarianceRatio) {

    /** Number of components: {@code min(n_samples, n_features)}, or fewer if the fit was asked for fewer. */
    public int componentCount() {
        return explainedVariance.length;
    }

    /**
     * Fractalis' loadings: {@code −components[c][j] · sqrt(explainedVariance[c])}, as {@code [c][j]} (note the
     * minus sign of the original).
     */
    public double[][] loadings() {
        double[][] out = new double[components.length][];
        for (int c = 0; c < components.length; c++) {
            double f = -Math.sqrt(explainedVariance[c]);
            double[] comp = components[c];
            double[] row = new double[comp.length];
            for (int j = 0; j < comp.length; j++) {
                row[j] = comp[j] * f;
            }
            out[c] = row;
        }
        return out;
    }
}
