package org.fractalis.stats.limma;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.stats.prep.Pivot;

/**
 * The per-feature ranking statistics of the array analytics (the original's {@code array_stats}): {@code mean},
 * {@code median}, {@code variance} and {@code limma}, each a {@link StatsTable} in pivot (sorted feature) order.
 *
 * <p>The row statistics reproduce pandas/numpy arithmetic: the mean is numpy's pairwise sum of the row with missing
 * cells counted as 0, divided by the number of non-missing cells; the variance (ddof 0) is bottleneck's two-pass
 * sum; both skip NaN. The median is numpy's and is NaN as soon as the row has a NaN.
 */
public final class ArrayStats {

    /** Message of the limma group check. */
    public static final String LIMMA_GROUPS = "Limma analysis requires at least two non-empty groups for comparison.";
    /** Message of the limma size check. */
    public static final String LIMMA_SIZE = "Limma analysis requires a data frame with dimension 1x2 or more.";

    private ArrayStats() {
    }

    /**
     * {@code get_stats} without DESeq2: {@code mean}, {@code median}, {@code variance} or {@code limma}.
     *
     * @throws AnalyticsException NotImplementedError "Static method unknown: m" for any other method, and the
     *                            errors of {@link #limma}
     */
    public static StatsTable compute(Pivot pivot, List<List<String>> subsets, String method)
            throws AnalyticsException {
        switch (method) {
            case "mean":
                return mean(pivot);
            case "median":
                return median(pivot);
            case "variance":
                return variance(pivot);
            case "limma":
                return limma(pivot, subsets);
            default:
                throw new AnalyticsException("NotImplementedError", "Static method unknown: " + method);
        }
    }

    /** Row means skipping NaN (NaN for a row without values); columns {@code mean, feature}. */
    public static StatsTable mean(Pivot pivot) {
        int nf = pivot.featureCount();
        int ni = pivot.idCount();
        double[] values = pivot.values();
        double[] out = new double[nf];
        Limma.parallelFor(nf, (long) nf * ni, (from, to) -> {
            double[] buf = new double[ni];
            for (int f = from; f < to; f++) {
                out[f] = pandasMean(values, f * ni, ni, buf);
            }
        });
        return single("mean", pivot, out);
    }

    /** Row medians, NaN if the row has any NaN; columns {@code median, feature}. */
    public static StatsTable median(Pivot pivot) {
        int nf = pivot.featureCount();
        int ni = pivot.idCount();
        double[] values = pivot.values();
        double[] out = new double[nf];
        Limma.parallelFor(nf, (long) nf * ni * 8, (from, to) -> {
            double[] buf = new double[ni];
            for (int f = from; f < to; f++) {
                out[f] = numpyMedian(values, f * ni, ni, buf);
            }
        });
        return single("median", pivot, out);
    }

    /** Row variances with ddof 0, skipping NaN; columns {@code variance, feature}. */
    public static StatsTable variance(Pivot pivot) {
        int nf = pivot.featureCount();
        int ni = pivot.idCount();
        double[] values = pivot.values();
        double[] out = new double[nf];
        Limma.parallelFor(nf, (long) nf * ni, (from, to) -> {
            for (int f = from; f < to; f++) {
                out[f] = bottleneckVariance(values, f * ni, ni);
            }
        });
        return single("variance", pivot, out);
    }

    private static StatsTable single(String name, Pivot pivot, double[] values) {
        Map<String, double[]> cols = new LinkedHashMap<>();
        cols.put(name, values);
        return new StatsTable(List.of(name, StatsTable.FEATURE), pivot.features(), cols);
    }

    /**
     * limma on the subsets ({@code get_limma_stats}): the samples are the subsets' ids concatenated (an id in two
     * subsets is used twice), group k = subset k, contrasts groupI-groupJ for I = K..2, J = 1..I-1, then
     * topTable(number = Inf, sort.by = "none"). Columns: {@code feature} and the topTable columns.
     *
     * @param subsets the subsets after removing ids without data (ids must be pivot ids)
     * @throws AnalyticsException ValueError {@link #LIMMA_GROUPS} for fewer than 2 subsets, ValueError
     *                            {@link #LIMMA_SIZE} for a pivot smaller than 1 x 2; for an empty subset the error of
     *                            the original (RRuntimeError from R if fewer than 2 subsets have samples, else
     *                            rpy2's ValueError "Invalid length."); RRuntimeError where R's limma stops (no
     *                            residual degrees of freedom)
     */
    public static StatsTable limma(Pivot pivot, List<List<String>> subsets) throws AnalyticsException {
        if (subsets.size() < 2) {
            throw AnalyticsException.valueError(LIMMA_GROUPS);
        }
        int nf = pivot.featureCount();
        int ni = pivot.idCount();
        if (nf < 1 || ni < 2) {
            throw AnalyticsException.valueError(LIMMA_SIZE);
        }
        int n = 0;
        int nonEmpty = 0;
        for (List<String> s : subsets) {
            n += s.size();
            nonEmpty += s.isEmpty() ? 0 : 1;
        }
        if (nonEmpty < subsets.size()) {
            // the design only has columns for the groups that have samples
            if (nonEmpty < 2) {
                throw new AnalyticsException(LimmaException.R_ERROR,
                        "contrasts can be applied only to factors with 2 or more levels");
            }
            // rpy2 refuses the group names for the narrower design matrix
            throw AnalyticsException.valueError("Invalid length.");
        }
        int[] columns = new int[n];
        int[] groups = new int[n];
        int k = 0;
        for (int g = 0; g < subsets.size(); g++) {
            for (String id : subsets.get(g)) {
                int c = pivot.idIndex(id);
                if (c < 0) {
                    throw new IllegalArgumentException("subset id not in the pivot: " + id);
                }
                columns[k] = c;
                groups[k++] = g;
            }
        }
        LimmaResult result;
        try {
            result = Limma.groupMeans(pivot.values(), nf, ni, columns, groups, subsets.size());
        } catch (LimmaException e) {
            throw new AnalyticsException(e.type(), e.getMessage());
        }
        Map<String, double[]> table = result.topTable();
        List<String> names = new ArrayList<>();
        names.add(StatsTable.FEATURE);
        names.addAll(table.keySet());
        return new StatsTable(names, pivot.features(), table);
    }

    /**
     * The z-scores of one feature over all pivot columns, as pandas computes {@code (row - row.mean()) /
     * row.std(ddof=0)} with NaN skipped: NaN stays NaN, and a row whose standard deviation is 0 gives NaN (or an
     * infinite value where pandas' mean differs from the constant in the last bit, which is then sent as null).
     */
    public static double[] zScores(Pivot pivot, int feature) {
        int ni = pivot.idCount();
        double[] values = pivot.values();
        int from = feature * ni;
        double mean = pandasMean(values, from, ni, new double[ni]);
        double std = Math.sqrt(bottleneckVariance(values, from, ni));
        double[] z = new double[ni];
        for (int i = 0; i < ni; i++) {
            z[i] = (values[from + i] - mean) / std;
        }
        return z;
    }

    // ------------------------------------------------------------------ pandas / numpy arithmetic

    /**
     * pandas' {@code mean(skipna=True)} of {@code values[from .. from+n)}: numpy's pairwise sum of the row with NaN
     * replaced by 0, divided by the number of non-NaN values. {@code buf} has room for n values.
     */
    static double pandasMean(double[] values, int from, int n, double[] buf) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            double v = values[from + i];
            if (Double.isNaN(v)) {
                buf[i] = 0;
            } else {
                buf[i] = v;
                count++;
            }
        }
        return count == 0 ? Double.NaN : pairwiseSum(buf, 0, n) / count;
    }

    /** numpy's pairwise summation of {@code a[from .. from+n)} (8-way unrolled blocks of up to 128). */
    static double pairwiseSum(double[] a, int from, int n) {
        if (n < 8) {
            double res = 0.;
            for (int i = 0; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        if (n <= 128) {
            double r0 = a[from];
            double r1 = a[from + 1];
            double r2 = a[from + 2];
            double r3 = a[from + 3];
            double r4 = a[from + 4];
            double r5 = a[from + 5];
            double r6 = a[from + 6];
            double r7 = a[from + 7];
            int i;
            int end = n - (n % 8);
            for (i = 8; i < end; i += 8) {
                int p = from + i;
                r0 += a[p];
                r1 += a[p + 1];
                r2 += a[p + 2];
                r3 += a[p + 3];
                r4 += a[p + 4];
                r5 += a[p + 5];
                r6 += a[p + 6];
                r7 += a[p + 7];
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
    }

    /**
     * bottleneck's {@code nanvar(ddof=0)} of {@code values[from .. from+n)}: the mean from a sequential sum, then
     * the sequential sum of squared deviations divided by the count; NaN without values.
     */
    static double bottleneckVariance(double[] values, int from, int n) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < n; i++) {
            double v = values[from + i];
            if (v == v) {
                sum += v;
                count++;
            }
        }
        if (count == 0) {
            return Double.NaN;
        }
        double mean = sum / count;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            double v = values[from + i];
            if (v == v) {
                double d = v - mean;
                ss += d * d;
            }
        }
        return ss / count;
    }

    /** numpy's {@code median} of {@code values[from .. from+n)}: NaN if any value is NaN. */
    static double numpyMedian(double[] values, int from, int n, double[] buf) {
        if (n == 0) {
            return Double.NaN;
        }
        for (int i = 0; i < n; i++) {
            double v = values[from + i];
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            buf[i] = v;
        }
        Arrays.sort(buf, 0, n);
        int half = n / 2;
        return (n & 1) == 1 ? buf[half] : (buf[half - 1] + buf[half]) / 2;
    }
}
