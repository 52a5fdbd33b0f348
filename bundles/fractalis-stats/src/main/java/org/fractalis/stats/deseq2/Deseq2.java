package org.fractalis.stats.deseq2;

import java.util.Objects;

/**
 * Differential expression with DESeq2 for two conditions, in pure Java.
 *
 * <p>{@link #run} reproduces R DESeq2 1.38 {@code dds <- DESeq(DESeqDataSetFromMatrix(counts, colData, ~condition));
 * results(dds)} with all defaults, for a factor {@code condition} with the reference level {@code s0} (code 0) and
 * the level {@code s1} (code 1): median-of-ratios size factors; gene-wise dispersions (Cox-Reid adjusted profile
 * likelihood, DESeq2's line search, grid fallback); the parametric dispersion trend; MAP dispersions with a
 * log-normal prior; the negative binomial GLM with Wald tests; Cook's distance outliers ({@code pvalue = NA}) and,
 * for conditions with at least 7 samples, outlier replacement and refit; independent filtering on {@code baseMean}
 * at alpha 0.1 and Benjamini-Hochberg adjustment.
 *
 * <p>Thread-safe (stateless). The per-gene work runs on the common fork-join pool.
 */
public final class Deseq2 {

    private Deseq2() {
    }

    /**
     * Runs DESeq2 on a count matrix.
     *
     * @param countsGenesBySamples counts, {@code [gene][sample]}; every row must have one entry per sample and
     *        hold non-negative integer values
     * @param conditionOfSample the condition of each sample: 0 for the reference level {@code s0}, 1 for
     *        {@code s1}; {@code log2FoldChange} is log2(s1 / s0)
     * @return the results table, one entry per input row in input order (NaN = R's NA)
     * @throws Deseq2Exception where R's DESeq2 stops with an error (message = R's text), e.g. when every gene has
     *         a zero count, a condition has no sample, or there are only two samples
     * @throws IllegalArgumentException if the arrays do not fit together or a condition code is not 0 or 1
     */
    public static DeseqResult run(double[][] countsGenesBySamples, int[] conditionOfSample) throws Deseq2Exception {
        Objects.requireNonNull(countsGenesBySamples, "countsGenesBySamples");
        Objects.requireNonNull(conditionOfSample, "conditionOfSample");
        int m = conditionOfSample.length;
        int n0 = 0;
        int n1 = 0;
        for (int c : conditionOfSample) {
            if (c == 0) {
                n0++;
            } else if (c == 1) {
                n1++;
            } else {
                throw new IllegalArgumentException("condition codes must be 0 or 1, got " + c);
            }
        }
        double[][] counts = new double[countsGenesBySamples.length][];
        for (int i = 0; i < counts.length; i++) {
            double[] row = countsGenesBySamples[i];
            if (row == null || row.length != m) {
                throw new IllegalArgumentException("row " + i + " does not have " + m + " samples");
            }
            for (double v : row) {
                if (Double.isNaN(v)) {
                    throw new Deseq2Exception("NA values are not allowed in the count matrix");
                }
                if (v < 0) {
                    throw new Deseq2Exception("some values in assay are negative");
                }
                if (Double.isInfinite(v) || v != Math.rint(v)) {
                    throw new Deseq2Exception("some values in assay are not integers");
                }
            }
            counts[i] = row.clone();
        }
        if (n0 == 0 || n1 == 0) {
            throw new Deseq2Exception("factors in design formula must have samples for each level.");
        }
        return new Analysis(counts, conditionOfSample.clone(), n0, n1).run();
    }
}
