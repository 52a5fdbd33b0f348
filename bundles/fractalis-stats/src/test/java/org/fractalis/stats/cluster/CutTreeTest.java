package org.fractalis.stats.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CutTreeTest {

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

    /** Monotone trees: undo the last k−1 merges, number the clusters by their first member. */
    private static int[] undoLastMerges(LinkageTree t, int k) {
        int n = t.observations();
        int[] parent = new int[2 * n - 1];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        for (int m = 0; m < n - k; m++) {
            parent[t.left(m)] = n + m;
            parent[t.right(m)] = n + m;
        }
        Map<Integer, Integer> label = new HashMap<>();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int r = i;
            while (parent[r] != r) {
                r = parent[r];
            }
            out[i] = label.computeIfAbsent(r, x -> label.size());
        }
        return out;
    }

    @Test
    void monotoneCutsUndoTheLastMerges() {
        for (LinkageMethod m : new LinkageMethod[] {LinkageMethod.SINGLE, LinkageMethod.COMPLETE,
            LinkageMethod.AVERAGE, LinkageMethod.WEIGHTED, LinkageMethod.WARD}) {
            for (long seed = 1; seed <= 4; seed++) {
                LinkageTree t = Linkage.linkage(random(30, 4, seed), m, DistanceMetric.EUCLIDEAN);
                for (int k = 1; k <= 30; k++) {
                    assertArrayEquals(undoLastMerges(t, k), CutTree.cut(t, k), m + " k=" + k);
                }
            }
        }
    }

    @Test
    void outOfRangeCountsAreClampedAsScipy() {
        LinkageTree t = Linkage.linkage(random(6, 2, 3), LinkageMethod.AVERAGE, DistanceMetric.EUCLIDEAN);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, CutTree.cut(t, 6));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, CutTree.cut(t, 60));
        assertArrayEquals(new int[6], CutTree.cut(t, 1));
        assertArrayEquals(new int[6], CutTree.cut(t, 0));
        assertArrayEquals(new int[6], CutTree.cut(t, -3));
    }

    @Test
    void centroidInversionGivesFewerClusters() {
        // merge {0,1} at 2.0, then {0,1}+2 at 1.8: the root has the smaller height and is applied first
        LinkageTree t = Linkage.linkage(new double[][] {{0, 0}, {2, 0}, {1, 1.8}}, LinkageMethod.CENTROID,
                DistanceMetric.EUCLIDEAN);
        assertArrayEquals(new int[] {0, 0, 0}, CutTree.cut(t, 2));
        assertArrayEquals(new int[] {0, 1, 2}, CutTree.cut(t, 3));
    }

    @Test
    void equalHeightsTakeTheLaterBreadthFirstNodeFirst() {
        // two zero-height merges: {0,2} (node 4) and {1,3} (node 5); the walk from the root queues 5 before 4,
        // so 4 is reached later and, inserted with insort_left, is applied first
        LinkageTree t = Linkage.linkage(new double[][] {{5, 10}, {500, 550}, {5, 10}, {500, 550}},
                LinkageMethod.SINGLE, DistanceMetric.EUCLIDEAN);
        assertArrayEquals(new int[] {4, 5, 6}, CutTree.orderedNodes(t));
        assertArrayEquals(new int[] {0, 1, 0, 2}, CutTree.cut(t, 3));
        assertArrayEquals(new int[] {0, 1, 0, 1}, CutTree.cut(t, 2));
    }

    @Test
    void clusterOrderPutsLargestFirstAndLaterFirstMemberOnTies() {
        ClusterOrder.Ordered o = ClusterOrder.of(new int[] {0, 1, 0, 1});
        assertArrayEquals(new int[] {1, 3, 0, 2}, o.order());
        assertArrayEquals(new int[] {0, 0, 1, 1}, o.labels());
        o = ClusterOrder.of(new int[] {0, 1, 2, 1, 2, 2, 3});
        assertArrayEquals(new int[] {2, 4, 5, 1, 3, 6, 0}, o.order());
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 2, 3}, o.labels());
    }

    @Test
    void kmeansFindsSeparatedGroupsAndKeepsStructure() {
        Random r = new Random(11);
        int n = 45;
        double[][] x = new double[n][3];
        int[] planted = new int[n];
        for (int i = 0; i < n; i++) {
            planted[i] = (i * 7) % 3;
            for (int f = 0; f < 3; f++) {
                x[i][f] = 20.0 * planted[i] * (f + 1) + r.nextGaussian();
            }
        }
        int[] labels = KMeans.bestOf(x, 3, KMeans.DEFAULT_ITERATIONS, 10, 0);
        Map<Integer, Integer> map = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Integer prev = map.putIfAbsent(planted[i], labels[i]);
            assertEquals(prev == null ? labels[i] : prev, labels[i], "same planted group, same cluster");
        }
        assertEquals(3, new HashSet<>(map.values()).size());
        // a single run is reproducible for a seed and never has more than k labels
        int[] a = KMeans.kmeans2(x, 4, 10, 42);
        assertArrayEquals(a, KMeans.kmeans2(x, 4, 10, 42));
        assertTrue(Arrays.stream(a).allMatch(l -> l >= 0 && l < 4));
    }

    @Test
    void kmeansWithMoreCentroidsThanPointsGivesOnePerPoint() {
        double[][] x = {{0}, {10}, {20}};
        int[] labels = KMeans.kmeans2(x, 5, 10, 1);
        Set<Integer> distinct = new HashSet<>();
        for (int l : labels) {
            distinct.add(l);
        }
        assertEquals(3, distinct.size());
        assertThrows(IllegalArgumentException.class, () -> KMeans.kmeans2(x, 0, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> KMeans.kmeans2(new double[][] {{Double.NaN}}, 1, 10, 1));
    }
}
