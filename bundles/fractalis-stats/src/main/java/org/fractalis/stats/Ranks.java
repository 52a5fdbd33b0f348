package org.fractalis.stats;

/**
 * Ranks ({@code scipy.stats.rankdata}, method "average"): 1-based, ties get the mean of their ranks.
 * Ties are exact double equality.
 */
public final class Ranks {

    private Ranks() {
    }

    /** Average ranks of the values (NaN values sort last, as in numpy). */
    public static double[] average(double[] values) {
        int n = values.length;
        int[] order = IndexSort.sortedIndices(values);
        double[] ranks = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            double v = values[order[i]];
            while (j + 1 < n && values[order[j + 1]] == v) {
                j++;
            }
            double r = 0.5 * (i + j) + 1;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = r;
            }
            i = j + 1;
        }
        return ranks;
    }
}
