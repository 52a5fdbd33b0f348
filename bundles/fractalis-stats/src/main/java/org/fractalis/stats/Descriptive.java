package org.fractalis.stats;

/**
 * numpy-style descriptive statistics. Sums use numpy's pairwise summation (blocks of 128 with eight
 * accumulators), so means agree with numpy to the last bit in most cases. NaN propagates (use on
 * cleaned data).
 */
public final class Descriptive {

    private static final int BLOCK = 128;

    private Descriptive() {
    }

    /** {@code numpy.add.reduce} of {@code a[from, to)}: pairwise summation. */
    public static double sum(double[] a, int from, int to) {
        int n = to - from;
        if (n < 8) {
            double s = 0.0;
            for (int i = from; i < to; i++) {
                s += a[i];
            }
            return s;
        }
        if (n <= BLOCK) {
            double r0 = a[from];
            double r1 = a[from + 1];
            double r2 = a[from + 2];
            double r3 = a[from + 3];
            double r4 = a[from + 4];
            double r5 = a[from + 5];
            double r6 = a[from + 6];
            double r7 = a[from + 7];
            int i = from + 8;
            int end = from + n - (n % 8);
            for (; i < end; i += 8) {
                r0 += a[i];
                r1 += a[i + 1];
                r2 += a[i + 2];
                r3 += a[i + 3];
                r4 += a[i + 4];
                r5 += a[i + 5];
                r6 += a[i + 6];
                r7 += a[i + 7];
            }
            double s = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < to; i++) {
                s += a[i];
            }
            return s;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return sum(a, from, from + n2) + sum(a, from + n2, to);
    }

    /** Pairwise sum of the whole array. */
    public static double sum(double[] a) {
        return sum(a, 0, a.length);
    }

    /** {@code numpy.mean}; NaN for an empty array. */
    public static double mean(double[] a) {
        return a.length == 0 ? Double.NaN : sum(a) / a.length;
    }

    /**
     * {@code numpy.var(a, ddof)}: {@code sum((a - mean)^2) / (n - ddof)}; NaN when {@code n - ddof <= 0}.
     */
    public static double variance(double[] a, int ddof) {
        int n = a.length;
        if (n - ddof <= 0) {
            return Double.NaN;
        }
        double m = mean(a);
        double[] sq = new double[n];
        for (int i = 0; i < n; i++) {
            double d = a[i] - m;
            sq[i] = d * d;
        }
        return sum(sq) / (n - ddof);
    }

    /** {@code numpy.std(a, ddof)}. */
    public static double std(double[] a, int ddof) {
        return Math.sqrt(variance(a, ddof));
    }

    /** {@code numpy.median}: the middle value, or the mean of the two middle values; NaN if empty or any NaN. */
    public static double median(double[] a) {
        int n = a.length;
        if (n == 0) {
            return Double.NaN;
        }
        double[] s = a.clone();
        java.util.Arrays.sort(s);
        if (Double.isNaN(s[n - 1])) {
            return Double.NaN;
        }
        if (n % 2 == 1) {
            return s[n / 2];
        }
        return (s[n / 2 - 1] + s[n / 2]) / 2.0;
    }

    /** Smallest value (NaN if empty or any NaN). */
    public static double min(double[] a) {
        if (a.length == 0) {
            return Double.NaN;
        }
        double m = a[0];
        for (double v : a) {
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            m = Math.min(m, v);
        }
        return m;
    }

    /** Largest value (NaN if empty or any NaN). */
    public static double max(double[] a) {
        if (a.length == 0) {
            return Double.NaN;
        }
        double m = a[0];
        for (double v : a) {
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            m = Math.max(m, v);
        }
        return m;
    }

    /**
     * {@code numpy.linspace(start, stop, num)} (endpoint included): {@code start + i * step} with the last
     * element exactly {@code stop}.
     */
    public static double[] linspace(double start, double stop, int num) {
        if (num < 0) {
            throw new IllegalArgumentException("num must be >= 0");
        }
        double[] y = new double[num];
        if (num == 0) {
            return y;
        }
        if (num == 1) {
            y[0] = start;
            return y;
        }
        int div = num - 1;
        double delta = stop - start;
        double step = delta / div;
        if (step == 0) {
            for (int i = 0; i < num; i++) {
                y[i] = (double) i / div * delta + start;
            }
        } else {
            for (int i = 0; i < num; i++) {
                y[i] = i * step + start;
            }
        }
        y[num - 1] = stop;
        return y;
    }
}
