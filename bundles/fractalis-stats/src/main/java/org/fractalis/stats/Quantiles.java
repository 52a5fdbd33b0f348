package org.fractalis.stats;

import java.util.Arrays;

/**
 * {@code numpy.percentile} with the default linear interpolation: the value at position
 * {@code (n - 1) * q / 100} of the sorted data, interpolated between its neighbours with numpy's
 * {@code _lerp} (which computes from the upper neighbour when the fraction is at least 0.5).
 */
public final class Quantiles {

    private Quantiles() {
    }

    /**
     * One percentile of unsorted data.
     *
     * @param q the percentile in [0, 100]
     * @return NaN if {@code values} is empty or holds NaN
     */
    public static double percentile(double[] values, double q) {
        return percentiles(values, q)[0];
    }

    /** Several percentiles of unsorted data (sorted once). */
    public static double[] percentiles(double[] values, double... qs) {
        double[] s = values.clone();
        Arrays.sort(s);
        double[] out = new double[qs.length];
        for (int i = 0; i < qs.length; i++) {
            out[i] = ofSorted(s, qs[i]);
        }
        return out;
    }

    /** A percentile of data already sorted ascending. */
    public static double ofSorted(double[] sorted, double q) {
        if (!(q >= 0 && q <= 100)) {
            throw new IllegalArgumentException("Percentiles must be in the range [0, 100]");
        }
        int n = sorted.length;
        if (n == 0 || Double.isNaN(sorted[n - 1])) {
            return Double.NaN;
        }
        double pos = (q / 100.0) * (n - 1);
        int lo = (int) Math.floor(pos);
        if (lo >= n - 1) {
            return sorted[n - 1];
        }
        double t = pos - lo;
        double a = sorted[lo];
        double b = sorted[lo + 1];
        double diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }
}
