package org.fractalis.stats.cluster;

import java.util.stream.IntStream;

/**
 * SciPy's {@code pdist}: the condensed matrix of pairwise distances between rows. Every pair is accumulated
 * feature by feature in input order, as SciPy's C loops do; four pairs are interleaved for speed, which keeps each
 * pair's order of operations. Rows are spread over all cores.
 */
public final class Distances {

    private Distances() {
    }

    /**
     * @param x observations × features (rows of equal length, not modified)
     * @return {@code n(n−1)/2} distances, pairs (0,1), (0,2), …, (1,2), …
     * @throws IllegalArgumentException for ragged rows or a matrix too large to hold in memory
     */
    public static double[] pdist(double[][] x, DistanceMetric metric) {
        int n = x.length;
        int p = n == 0 ? 0 : x[0].length;
        for (double[] row : x) {
            if (row.length != p) {
                throw new IllegalArgumentException("All observations must have the same number of features.");
            }
        }
        long len = (long) n * (n - 1) / 2;
        if (len > Integer.MAX_VALUE - 16 || len * 8 > Runtime.getRuntime().maxMemory() / 2) {
            throw new IllegalArgumentException("Too many observations to cluster: " + n + ".");
        }
        double[] out = new double[(int) len];
        if (n < 2) {
            return out;
        }
        double[][] rows = x;
        double[] norms = null;
        switch (metric) {
            case CORRELATION:
                rows = centreRows(x, p);
                norms = rowNorms(rows, p);
                break;
            case COSINE:
                norms = rowNorms(rows, p);
                break;
            default:
                break;
        }
        double[][] data = rows;
        double[] rowNorms = norms;
        IntStream.range(0, n - 1).parallel().forEach(i -> {
            int base = (int) ((long) n * i - (long) i * (i + 1) / 2 - i - 1);
            switch (metric) {
                case EUCLIDEAN:
                    squaredRow(data, i, p, out, base, true);
                    break;
                case SQEUCLIDEAN:
                    squaredRow(data, i, p, out, base, false);
                    break;
                case CITYBLOCK:
                    cityblockRow(data, i, p, out, base);
                    break;
                case CORRELATION:
                case COSINE:
                    cosineRow(data, rowNorms, i, p, out, base);
                    break;
                default:
                    otherRow(metric, data, i, p, out, base);
                    break;
            }
        });
        return out;
    }

    private static void squaredRow(double[][] x, int i, int p, double[] out, int base, boolean root) {
        int n = x.length;
        double[] u = x[i];
        int j = i + 1;
        for (; j + 3 < n; j += 4) {
            double[] v0 = x[j];
            double[] v1 = x[j + 1];
            double[] v2 = x[j + 2];
            double[] v3 = x[j + 3];
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int f = 0; f < p; f++) {
                double a = u[f];
                double d0 = a - v0[f];
                double d1 = a - v1[f];
                double d2 = a - v2[f];
                double d3 = a - v3[f];
                s0 += d0 * d0;
                s1 += d1 * d1;
                s2 += d2 * d2;
                s3 += d3 * d3;
            }
            out[base + j] = root ? Math.sqrt(s0) : s0;
            out[base + j + 1] = root ? Math.sqrt(s1) : s1;
            out[base + j + 2] = root ? Math.sqrt(s2) : s2;
            out[base + j + 3] = root ? Math.sqrt(s3) : s3;
        }
        for (; j < n; j++) {
            double[] v = x[j];
            double s = 0;
            for (int f = 0; f < p; f++) {
                double d = u[f] - v[f];
                s += d * d;
            }
            out[base + j] = root ? Math.sqrt(s) : s;
        }
    }

    private static void cityblockRow(double[][] x, int i, int p, double[] out, int base) {
        int n = x.length;
        double[] u = x[i];
        int j = i + 1;
        for (; j + 3 < n; j += 4) {
            double[] v0 = x[j];
            double[] v1 = x[j + 1];
            double[] v2 = x[j + 2];
            double[] v3 = x[j + 3];
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int f = 0; f < p; f++) {
                double a = u[f];
                s0 += Math.abs(a - v0[f]);
                s1 += Math.abs(a - v1[f]);
                s2 += Math.abs(a - v2[f]);
                s3 += Math.abs(a - v3[f]);
            }
            out[base + j] = s0;
            out[base + j + 1] = s1;
            out[base + j + 2] = s2;
            out[base + j + 3] = s3;
        }
        for (; j < n; j++) {
            double[] v = x[j];
            double s = 0;
            for (int f = 0; f < p; f++) {
                s += Math.abs(u[f] - v[f]);
            }
            out[base + j] = s;
        }
    }

    private static void cosineRow(double[][] x, double[] norms, int i, int p, double[] out, int base) {
        int n = x.length;
        double[] u = x[i];
        for (int j = i + 1; j < n; j++) {
            double[] v = x[j];
            double dot = 0;
            for (int f = 0; f < p; f++) {
                dot += u[f] * v[f];
            }
            double cosine = dot / (norms[i] * norms[j]);
            if (Math.abs(cosine) > 1.0) {
                cosine = Math.copySign(1.0, cosine); // clip rounding error, as SciPy
            }
            out[base + j] = 1.0 - cosine;
        }
    }

    private static void otherRow(DistanceMetric metric, double[][] x, int i, int p, double[] out, int base) {
        int n = x.length;
        double[] u = x[i];
        for (int j = i + 1; j < n; j++) {
            double[] v = x[j];
            double r;
            switch (metric) {
                case CHEBYSHEV: {
                    double max = 0;
                    for (int f = 0; f < p; f++) {
                        double d = Math.abs(u[f] - v[f]);
                        if (d > max) {
                            max = d;
                        }
                    }
                    r = max;
                    break;
                }
                case CANBERRA: {
                    double tot = 0;
                    for (int f = 0; f < p; f++) {
                        double den = Math.abs(u[f]) + Math.abs(v[f]);
                        if (den > 0) {
                            tot += Math.abs(u[f] - v[f]) / den;
                        }
                    }
                    r = tot;
                    break;
                }
                case BRAYCURTIS: {
                    double s1 = 0;
                    double s2 = 0;
                    for (int f = 0; f < p; f++) {
                        s1 += Math.abs(u[f] - v[f]);
                        s2 += Math.abs(u[f] + v[f]);
                    }
                    r = s1 / s2;
                    break;
                }
                default:
                    throw new AssertionError(metric);
            }
            out[base + j] = r;
        }
    }

    private static double[][] centreRows(double[][] x, int p) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double[] row = x[i];
            double mean = pairwiseSum(row, 0, p) / p;
            double[] c = new double[p];
            for (int f = 0; f < p; f++) {
                c[f] = row[f] - mean;
            }
            out[i] = c;
        }
        return out;
    }

    private static double[] rowNorms(double[][] x, int p) {
        double[] norms = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double s = 0;
            double[] row = x[i];
            for (int f = 0; f < p; f++) {
                s += row[f] * row[f];
            }
            norms[i] = Math.sqrt(s);
        }
        return norms;
    }

    /** numpy's pairwise summation (8-way unrolled blocks of at most 128), as used by {@code mean(axis=1)}. */
    static double pairwiseSum(double[] a, int off, int n) {
        if (n < 8) {
            double res = 0.0;
            for (int i = 0; i < n; i++) {
                res += a[off + i];
            }
            return res;
        } else if (n <= 128) {
            double r0 = a[off];
            double r1 = a[off + 1];
            double r2 = a[off + 2];
            double r3 = a[off + 3];
            double r4 = a[off + 4];
            double r5 = a[off + 5];
            double r6 = a[off + 6];
            double r7 = a[off + 7];
            int i = 8;
            for (; i < n - (n % 8); i += 8) {
                r0 += a[off + i];
                r1 += a[off + i + 1];
                r2 += a[off + i + 2];
                r3 += a[off + i + 3];
                r4 += a[off + i + 4];
                r5 += a[off + i + 5];
                r6 += a[off + i + 6];
                r7 += a[off + i + 7];
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) {
                res += a[off + i];
            }
            return res;
        } else {
            int n2 = n / 2;
            n2 -= n2 % 8;
            return pairwiseSum(a, off, n2) + pairwiseSum(a, off + n2, n - n2);
        }
    }
}
