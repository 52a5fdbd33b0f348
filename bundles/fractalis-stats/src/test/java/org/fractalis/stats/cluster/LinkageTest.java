package org.fractalis.stats.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class LinkageTest {

    private static double[][] random(int n, int p, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][p];
        for (double[] row : x) {
            for (int j = 0; j < p; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return x;
    }

    /** Textbook O(n³) agglomeration on a full matrix: merge the globally closest pair, Lance-Williams update. */
    private static List<Object[]> naive(double[][] x, LinkageMethod method, DistanceMetric metric) {
        int n = x.length;
        double[] cond = Distances.pdist(x, metric);
        double[][] d = new double[n][n];
        int idx = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                d[i][j] = cond[idx];
                d[j][i] = cond[idx];
                idx++;
            }
        }
        int[] size = new int[n];
        BitSet[] members = new BitSet[n];
        for (int i = 0; i < n; i++) {
            size[i] = 1;
            members[i] = new BitSet();
            members[i].set(i);
        }
        List<Object[]> merges = new ArrayList<>();
        for (int k = 0; k < n - 1; k++) {
            double best = Double.POSITIVE_INFINITY;
            int bx = -1;
            int by = -1;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    if (size[i] > 0 && size[j] > 0 && d[i][j] < best) {
                        best = d[i][j];
                        bx = i;
                        by = j;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                if (size[i] > 0 && i != bx && i != by) {
                    double v = method.update(d[bx][i], d[by][i], best, size[bx], size[by], size[i]);
                    d[by][i] = v;
                    d[i][by] = v;
                }
            }
            size[by] += size[bx];
            size[bx] = 0;
            members[by].or(members[bx]);
            merges.add(new Object[] {best, members[by].clone()});
        }
        merges.sort((a, b) -> Double.compare((double) a[0], (double) b[0]));
        return merges;
    }

    private static BitSet leaves(LinkageTree t, int id) {
        BitSet b = new BitSet();
        if (id < t.observations()) {
            b.set(id);
        } else {
            b.or(leaves(t, t.left(id - t.observations())));
            b.or(leaves(t, t.right(id - t.observations())));
        }
        return b;
    }

    @ParameterizedTest
    @EnumSource(LinkageMethod.class)
    void agreesWithTextbookAgglomeration(LinkageMethod method) {
        for (long seed = 1; seed <= 5; seed++) {
            double[][] x = random(25, 3, seed);
            DistanceMetric metric = method.euclideanOnly() ? DistanceMetric.EUCLIDEAN : DistanceMetric.CITYBLOCK;
            LinkageTree t = Linkage.linkage(x, method, metric);
            List<Object[]> expected = naive(x, method, metric);
            if (method == LinkageMethod.CENTROID || method == LinkageMethod.MEDIAN) {
                // not monotone: merge order is not height order; compare the multiset of heights only
                double[] h1 = new double[24];
                double[] h2 = new double[24];
                for (int k = 0; k < 24; k++) {
                    h1[k] = t.height(k);
                    h2[k] = (double) expected.get(k)[0];
                }
                java.util.Arrays.sort(h1);
                assertArrayEquals(h2, h1, 1e-12);
                continue;
            }
            for (int k = 0; k < 24; k++) {
                assertEquals((double) expected.get(k)[0], t.height(k), 1e-12, method + " height " + k);
                assertEquals(expected.get(k)[1], leaves(t, 25 + k), method + " members " + k);
                assertEquals(((BitSet) expected.get(k)[1]).cardinality(), t.size(k));
                assertTrue(t.left(k) < t.right(k));
            }
        }
    }

    @Test
    void singleLinkageOfDuplicatesFollowsScipyIds() {
        double[][] x = {{5, 10}, {500, 550}, {5, 10}, {500, 550}};
        LinkageTree t = Linkage.linkage(x, LinkageMethod.SINGLE, DistanceMetric.EUCLIDEAN);
        assertArrayEquals(new double[] {0, 2, 0, 2}, t.toMatrix()[0], 0.0);
        assertArrayEquals(new double[] {1, 3, 0, 2}, t.toMatrix()[1], 0.0);
        assertEquals(4, t.left(2));
        assertEquals(5, t.right(2));
        assertEquals(Math.hypot(495, 540), t.height(2), 1e-12);
    }

    @Test
    void centroidLinkageCanInvert() {
        double[][] x = {{0, 0}, {2, 0}, {1, 1.8}};
        LinkageTree t = Linkage.linkage(x, LinkageMethod.CENTROID, DistanceMetric.EUCLIDEAN);
        assertArrayEquals(new double[] {0, 1, 2, 2}, t.toMatrix()[0], 1e-12);
        assertArrayEquals(new double[] {2, 3, 1.8, 3}, t.toMatrix()[1], 1e-12);
    }

    @Test
    void distances() {
        double[][] x = {{1, 2, 3}, {2, 4, 6}, {-1, 0, 4}};
        double[] e = Distances.pdist(x, DistanceMetric.EUCLIDEAN);
        assertArrayEquals(new double[] {Math.sqrt(14), Math.sqrt(4 + 4 + 1), Math.sqrt(9 + 16 + 4)}, e, 1e-15);
        assertArrayEquals(new double[] {14, 9, 29}, Distances.pdist(x, DistanceMetric.SQEUCLIDEAN), 1e-12);
        assertArrayEquals(new double[] {6, 5, 9}, Distances.pdist(x, DistanceMetric.CITYBLOCK), 0.0);
        double[] cos = Distances.pdist(x, DistanceMetric.COSINE);
        assertEquals(0.0, cos[0], 1e-15); // parallel vectors
        assertEquals(1 - (-1 + 12) / (Math.sqrt(14) * Math.sqrt(17)), cos[1], 1e-15);
        double[] cor = Distances.pdist(x, DistanceMetric.CORRELATION);
        assertEquals(0.0, cor[0], 1e-15);
        // centred: (-1,0,1) and (-2,-1,3)... correlation of (1,2,3) with (-1,0,4)
        double[] a = {-1, 0, 1};
        double[] b = {-1 - 1, 0 - 1, 4 - 1};
        double r = (a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) / (Math.sqrt(2) * Math.sqrt(4 + 1 + 9));
        assertEquals(1 - r, cor[1], 1e-15);
        assertArrayEquals(new double[] {3, 2, 4}, Distances.pdist(x, DistanceMetric.CHEBYSHEV), 0.0);
    }

    @Test
    void pdistOrderMatchesCondensedLayout() {
        double[][] x = random(11, 4, 9);
        double[] d = Distances.pdist(x, DistanceMetric.EUCLIDEAN);
        int k = 0;
        for (int i = 0; i < 11; i++) {
            for (int j = i + 1; j < 11; j++) {
                double s = 0;
                for (int f = 0; f < 4; f++) {
                    s += (x[i][f] - x[j][f]) * (x[i][f] - x[j][f]);
                }
                assertEquals(Math.sqrt(s), d[k++], 0.0);
            }
        }
    }

    @Test
    void scipyErrors() {
        double[][] constantRow = {{1, 1, 1}, {1, 2, 3}, {3, 1, 2}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Linkage.linkage(constantRow, LinkageMethod.AVERAGE, DistanceMetric.CORRELATION));
        assertEquals(Linkage.NON_FINITE_MESSAGE, e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Linkage.linkage(constantRow, LinkageMethod.WARD, DistanceMetric.CITYBLOCK));
        assertThrows(IllegalArgumentException.class,
                () -> Linkage.linkage(new double[][] {{1, 2}}, LinkageMethod.SINGLE, DistanceMetric.EUCLIDEAN));
    }

    @Test
    void namesAsScipy() {
        assertEquals(LinkageMethod.WEIGHTED, LinkageMethod.fromName("weighted").orElseThrow());
        assertTrue(LinkageMethod.fromName("abc").isEmpty());
        assertEquals(DistanceMetric.CITYBLOCK, DistanceMetric.fromName("cityblock").orElseThrow());
        assertEquals(DistanceMetric.EUCLIDEAN, DistanceMetric.fromName("Euclidean").orElseThrow());
        assertTrue(DistanceMetric.fromName("hamming").isEmpty());
    }
}
