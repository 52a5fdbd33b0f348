package org.fractalis.stats.deseq2;

import java.util.Arrays;

/**
 * DESeq2's {@code pvalueAdjustment} with {@code independentFiltering = TRUE}: BH adjustment after discarding the
 * rows whose filter statistic (baseMean) is below a quantile theta; theta is chosen among 50 values by comparing
 * the number of rejections with its lowess fit.
 */
final class IndependentFiltering {

    private IndependentFiltering() {
    }

    static double[] adjust(double[] filter, double[] pvalue, double alpha) {
        int n = filter.length;
        double[] padj = new double[n];
        Arrays.fill(padj, Double.NaN);
        if (n == 0) {
            return padj;
        }
        int zeros = 0;
        for (double f : filter) {
            if (f == 0) {
                zeros++;
            }
        }
        double lowerQuantile = (double) zeros / n;
        double upperQuantile = lowerQuantile < .95 ? .95 : 1;
        double[] theta = RFunctions.seq(lowerQuantile, upperQuantile, 50);
        double[] sorted = filter.clone();
        Arrays.sort(sorted);
        double[] numRej = new double[theta.length];
        for (int k = 0; k < theta.length; k++) {
            double[] adjusted = filtered(filter, pvalue, RFunctions.quantileSorted(sorted, theta[k]));
            int rej = 0;
            for (double v : adjusted) {
                if (v < alpha) {
                    rej++;
                }
            }
            numRej[k] = rej;
        }
        double[] lo = RFunctions.lowess(theta, numRej, 1.0 / 5);
        int j = 0;
        double maxRej = Double.NEGATIVE_INFINITY;
        for (double r : numRej) {
            maxRej = Math.max(maxRej, r);
        }
        if (maxRej > 10) {
            double sumSq = 0;
            int count = 0;
            for (int k = 0; k < numRej.length; k++) {
                if (numRej[k] > 0) {
                    double r = numRej[k] - lo[k];
                    sumSq += r * r;
                    count++;
                }
            }
            double maxLo = Double.NEGATIVE_INFINITY;
            for (double v : lo) {
                maxLo = Math.max(maxLo, v);
            }
            double thresh = maxLo - Math.sqrt(sumSq / count);
            for (int k = 0; k < numRej.length; k++) {
                if (numRej[k] > thresh) {
                    j = k;
                    break;
                }
            }
        }
        return filtered(filter, pvalue, RFunctions.quantileSorted(sorted, theta[j]));
    }

    /** BH over the rows with {@code filter >= cutoff}; NaN elsewhere (genefilter's {@code filtered_p}). */
    private static double[] filtered(double[] filter, double[] pvalue, double cutoff) {
        int n = filter.length;
        int used = 0;
        for (double f : filter) {
            if (f >= cutoff) {
                used++;
            }
        }
        double[] sub = new double[used];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (filter[i] >= cutoff) {
                sub[k++] = pvalue[i];
            }
        }
        double[] adj = RFunctions.adjustBh(sub);
        double[] out = new double[n];
        Arrays.fill(out, Double.NaN);
        k = 0;
        for (int i = 0; i < n; i++) {
            if (filter[i] >= cutoff) {
                out[i] = adj[k++];
            }
        }
        return out;
    }
}
