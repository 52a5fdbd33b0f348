package org.fractalis.stats.deseq2;

import org.apache.commons.math3.special.Gamma;

/** DESeq2's {@code estimateDispersionsPriorVar}: the variance of the log-normal prior on the dispersions. */
final class PriorVariance {

    private PriorVariance() {
    }

    /**
     * @param rows the non-zero rows
     * @param m number of samples
     * @param p number of model coefficients
     */
    static double estimate(int[] rows, double[] dispGeneEst, double[] dispFit, double varLogDispEsts, int m, int p) {
        int df = m - p;
        if (df <= 3 && df > 0) {
            return SmallDfPriorVariance.estimate(rows, dispGeneEst, dispFit, df);
        }
        if (m > p) {
            double expVarLogDisp = Gamma.trigamma(df / 2.0);
            return Math.max(varLogDispEsts - expVarLogDisp, 0.25);
        }
        return varLogDispEsts;
    }
}
