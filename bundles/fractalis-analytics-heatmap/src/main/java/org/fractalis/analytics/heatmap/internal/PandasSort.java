package org.fractalis.analytics.heatmap.internal;

/**
 * The row order of pandas' {@code df.sort_values(col, ascending=False)} (pandas 1.5, numpy 1.24): NaN keys last in
 * their original order, the other keys reversed, arg-sorted with numpy's default introsort ("quicksort"), and the
 * result reversed again. numpy's quicksort is not stable, so rows with equal keys come in an order that depends on
 * the whole key array; reproducing the algorithm reproduces that order, which a stable sort would not.
 */
final class PandasSort {

    /** numpy's SMALL_QUICKSORT: partitions up to this size (pr - pl) are insertion-sorted. */
    private static final int SMALL_QUICKSORT = 15;
    private static final int STACK = 128;

    private PandasSort() {
    }

    /** Row indices in the order of {@code sort_values(ascending=False, kind='quicksort', na_position='last')}. */
    static int[] descendingOrder(double[] keys) {
        int n = keys.length;
        int nonNan = 0;
        for (double k : keys) {
            if (!Double.isNaN(k)) {
                nonNan++;
            }
        }
        // non-NaN keys and their indices, reversed
        double[] v = new double[nonNan];
        int[] idx = new int[nonNan];
        int j = nonNan;
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(keys[i])) {
                j--;
                v[j] = keys[i];
                idx[j] = i;
            }
        }
        int[] perm = argsort(v);
        int[] out = new int[n];
        int k = 0;
        for (int p = nonNan - 1; p >= 0; p--) {
            out[k++] = idx[perm[p]];
        }
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(keys[i])) {
                out[k++] = i;
            }
        }
        return out;
    }

    /** numpy's {@code argsort(kind='quicksort')} of a double array (introsort: median-of-3 quicksort, heapsort). */
    static int[] argsort(double[] v) {
        int num = v.length;
        int[] tosort = new int[num];
        for (int i = 0; i < num; i++) {
            tosort[i] = i;
        }
        if (num < 2) {
            return tosort;
        }
        int pl = 0;
        int pr = num - 1;
        int[] stack = new int[STACK];
        int sptr = 0;
        int[] depth = new int[STACK];
        int psdepth = 0;
        int cdepth = msb(num) * 2;
        for (;;) {
            boolean heapDone = false;
            if (cdepth < 0) {
                heapsort(v, tosort, pl, pr - pl + 1);
                heapDone = true;
            }
            if (!heapDone) {
                while (pr - pl > SMALL_QUICKSORT) {
                    int pm = pl + ((pr - pl) >> 1);
                    if (less(v[tosort[pm]], v[tosort[pl]])) {
                        swap(tosort, pm, pl);
                    }
                    if (less(v[tosort[pr]], v[tosort[pm]])) {
                        swap(tosort, pr, pm);
                    }
                    if (less(v[tosort[pm]], v[tosort[pl]])) {
                        swap(tosort, pm, pl);
                    }
                    double vp = v[tosort[pm]];
                    int pi = pl;
                    int pj = pr - 1;
                    swap(tosort, pm, pj);
                    for (;;) {
                        do {
                            ++pi;
                        } while (less(v[tosort[pi]], vp));
                        do {
                            --pj;
                        } while (less(vp, v[tosort[pj]]));
                        if (pi >= pj) {
                            break;
                        }
                        swap(tosort, pi, pj);
                    }
                    int pk = pr - 1;
                    swap(tosort, pi, pk);
                    // push the larger partition, continue with the smaller one
                    if (pi - pl < pr - pi) {
                        stack[sptr++] = pi + 1;
                        stack[sptr++] = pr;
                        pr = pi - 1;
                    } else {
                        stack[sptr++] = pl;
                        stack[sptr++] = pi - 1;
                        pl = pi + 1;
                    }
                    depth[psdepth++] = --cdepth;
                }
                // insertion sort
                for (int pi = pl + 1; pi <= pr; ++pi) {
                    int vi = tosort[pi];
                    double vp = v[vi];
                    int pj = pi;
                    int pk = pi - 1;
                    while (pj > pl && less(vp, v[tosort[pk]])) {
                        tosort[pj--] = tosort[pk--];
                    }
                    tosort[pj] = vi;
                }
            }
            if (sptr == 0) {
                break;
            }
            pr = stack[--sptr];
            pl = stack[--sptr];
            cdepth = depth[--psdepth];
        }
        return tosort;
    }

    /** numpy's aheapsort on {@code tosort[start .. start+n)}. */
    private static void heapsort(double[] v, int[] tosort, int start, int n) {
        // numpy indexes the heap from 1: a[i] = tosort[start + i - 1]
        int base = start - 1;
        for (int l = n >> 1; l > 0; --l) {
            int tmp = tosort[base + l];
            int i = l;
            for (int j = l << 1; j <= n;) {
                if (j < n && less(v[tosort[base + j]], v[tosort[base + j + 1]])) {
                    j += 1;
                }
                if (less(v[tmp], v[tosort[base + j]])) {
                    tosort[base + i] = tosort[base + j];
                    i = j;
                    j += j;
                } else {
                    break;
                }
            }
            tosort[base + i] = tmp;
        }
        for (; n > 1;) {
            int tmp = tosort[base + n];
            tosort[base + n] = tosort[base + 1];
            n -= 1;
            int i = 1;
            for (int j = 2; j <= n;) {
                if (j < n && less(v[tosort[base + j]], v[tosort[base + j + 1]])) {
                    j++;
                }
                if (less(v[tmp], v[tosort[base + j]])) {
                    tosort[base + i] = tosort[base + j];
                    i = j;
                    j += j;
                } else {
                    break;
                }
            }
            tosort[base + i] = tmp;
        }
    }

    /** numpy's float ordering: NaN sorts last. */
    private static boolean less(double a, double b) {
        return a < b || (b != b && a == a);
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /** Index of the most significant set bit (npy_get_msb). */
    private static int msb(int unum) {
        int depthLimit = 0;
        while ((unum >>= 1) != 0) {
            depthLimit++;
        }
        return depthLimit;
    }
}
