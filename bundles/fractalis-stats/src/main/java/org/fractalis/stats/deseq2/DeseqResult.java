package org.fractalis.stats.deseq2;

/**
 * The results table of {@link Deseq2#run}: one entry per input row (gene), in input order. {@code NaN} stands for
 * R's {@code NA}. Arrays returned by the accessors are copies. Instances are immutable and thread-safe.
 */
public final class DeseqResult {

    private final double[] baseMean;
    private final double[] log2FoldChange;
    private final double[] lfcSE;
    private final double[] stat;
    private final double[] pvalue;
    private final double[] padj;
    private final double[] sizeFactors;
    private final double[] dispersion;

    DeseqResult(double[] baseMean, double[] log2FoldChange, double[] lfcSE, double[] stat, double[] pvalue,
            double[] padj, double[] sizeFactors, double[] dispersion) {
        this.baseMean = baseMean;
        this.log2FoldChange = log2FoldChange;
        this.lfcSE = lfcSE;
        this.stat = stat;
        this.pvalue = pvalue;
        this.padj = padj;
        this.sizeFactors = sizeFactors;
        this.dispersion = dispersion;
    }

    /** @return the number of genes (rows) */
    public int size() {
        return baseMean.length;
    }

    /** @return mean of the normalised counts over all samples (0 for all-zero rows, never NaN) */
    public double[] baseMean() {
        return baseMean.clone();
    }

    /** @return log2 fold change (MLE) of condition 1 over condition 0 */
    public double[] log2FoldChange() {
        return log2FoldChange.clone();
    }

    /** @return standard error of the log2 fold change */
    public double[] lfcSE() {
        return lfcSE.clone();
    }

    /** @return Wald statistic {@code log2FoldChange / lfcSE} */
    public double[] stat() {
        return stat.clone();
    }

    /** @return two-sided Wald test p-value; NaN for all-zero rows and Cook's distance outliers */
    public double[] pvalue() {
        return pvalue.clone();
    }

    /** @return Benjamini-Hochberg adjusted p-value after independent filtering on baseMean (alpha 0.1) */
    public double[] padj() {
        return padj.clone();
    }

    /** @return the median-of-ratios size factor of each sample (column) */
    public double[] sizeFactors() {
        return sizeFactors.clone();
    }

    /** @return the final dispersion estimate used in the GLM (NaN for all-zero rows) */
    public double[] dispersion() {
        return dispersion.clone();
    }
}
