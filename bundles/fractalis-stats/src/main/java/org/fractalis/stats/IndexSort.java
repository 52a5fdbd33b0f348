package org.fractalis.stats;

/** Stable O(n log n) sorts of index arrays by primitive keys, without boxing. */
final class IndexSort {

    private IndexSort() {
    }

    /** Indices that sort {@code keys} ascending (stable; NaN last). */
    static int[] sortedIndices(double[] keys) {
        return sortedIndices(keys, null);
    }

    /** Indices that sort by {@code primary}, then {@code secondary} (may be null), stable. */
    static int[] sortedIndices(double[] primary, double[] secondary) {
        int n = primary.length;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        int[] tmp = new int[n];
        mergeSort(idx, tmp, 0, n, primary, secondary);
        return idx;
    }

    /** Numeric order with -0.0 == 0.0 (as numpy) and NaN last. */
    static int compare(double x, double y) {
        return x == y ? 0 : Double.compare(x, y);
    }

    private static int cmp(int a, int b, double[] p, double[] s) {
        int c = compare(p[a], p[b]);
        return c != 0 || s == null ? c : compare(s[a], s[b]);
    }

    private static void mergeSort(int[] a, int[] tmp, int lo, int hi, double[] p, double[] s) {
        if (hi - lo < 24) {
            for (int i = lo + 1; i < hi; i++) {
                int v = a[i];
                int j = i - 1;
                while (j >= lo && cmp(a[j], v, p, s) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(a, tmp, lo, mid, p, s);
        mergeSort(a, tmp, mid, hi, p, s);
        if (cmp(a[mid - 1], a[mid], p, s) <= 0) {
            return;
        }
        System.arraycopy(a, lo, tmp, lo, hi - lo);
        int i = lo;
        int j = mid;
        for (int k = lo; k < hi; k++) {
            if (i < mid && (j >= hi || cmp(tmp[i], tmp[j], p, s) <= 0)) {
                a[k] = tmp[i++];
            } else {
                a[k] = tmp[j++];
            }
        }
    }
}
