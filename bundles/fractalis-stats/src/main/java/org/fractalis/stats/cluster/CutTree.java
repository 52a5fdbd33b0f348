package org.fractalis.stats.cluster;

import java.util.ArrayDeque;

/**
 * SciPy's {@code cut_tree(Z, n_clusters)}.
 *
 * <p>The internal nodes are sorted by height as SciPy's {@code _order_cluster_tree} does: a breadth-first walk from
 * the root (right child queued before the left) inserts each node with {@code bisect.insort_left}, so among equal
 * heights the node reached later comes first. Starting from labels 0…n−1, the first {@code n − n_clusters} nodes
 * are applied in that order: all leaves of the node take the smallest of their current labels, and every label
 * above the largest of them drops by one. For monotone linkages this undoes the last merges; for centroid/median it
 * can give fewer clusters than requested, which is SciPy's behaviour.
 */
public final class CutTree {

    private CutTree() {
    }

    /**
     * @param tree a linkage tree
     * @param nClusters requested number of clusters; values above n give one cluster per observation and values
     *     below 1 give one cluster, as SciPy's {@code searchsorted} clamping does
     * @return the cluster label of every observation
     */
    public static int[] cut(LinkageTree tree, int nClusters) {
        int n = tree.observations();
        int k = Math.max(0, Math.min(n, nClusters));
        int steps = n - k;
        int[] labels = new int[n];
        if (steps == n) {
            return labels; // SciPy never fills this column: all zeros
        }
        for (int i = 0; i < n; i++) {
            labels[i] = i;
        }
        if (steps == 0) {
            return labels;
        }
        int[] nodes = orderedNodes(tree);
        int[] stack = new int[n];
        int[] leaves = new int[n];
        for (int s = 0; s < steps; s++) {
            int count = leaves(tree, nodes[s], stack, leaves);
            int min = Integer.MAX_VALUE;
            int max = Integer.MIN_VALUE;
            for (int q = 0; q < count; q++) {
                int l = labels[leaves[q]];
                min = Math.min(min, l);
                max = Math.max(max, l);
            }
            for (int q = 0; q < count; q++) {
                labels[leaves[q]] = min;
            }
            for (int i = 0; i < n; i++) {
                if (labels[i] > max) {
                    labels[i]--;
                }
            }
        }
        return labels;
    }

    /** Internal node ids (n…2n−2) in SciPy's {@code _order_cluster_tree} order. */
    static int[] orderedNodes(LinkageTree tree) {
        int n = tree.observations();
        int m = n - 1;
        int[] sorted = new int[m];
        int count = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(2 * n - 2);
        while (!queue.isEmpty()) {
            int node = queue.poll();
            if (node < n) {
                continue;
            }
            double h = tree.height(node - n);
            // bisect.insort_left: before every element that is not smaller
            int lo = 0;
            int hi = count;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (tree.height(sorted[mid] - n) < h) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            System.arraycopy(sorted, lo, sorted, lo + 1, count - lo);
            sorted[lo] = node;
            count++;
            queue.add(tree.right(node - n));
            queue.add(tree.left(node - n));
        }
        return sorted;
    }

    /** Leaves (observations) below a node, left to right; returns their number. */
    private static int leaves(LinkageTree tree, int node, int[] stack, int[] out) {
        int n = tree.observations();
        int top = 0;
        int count = 0;
        stack[top++] = node;
        while (top > 0) {
            int v = stack[--top];
            if (v < n) {
                out[count++] = v;
            } else {
                stack[top++] = tree.right(v - n);
                stack[top++] = tree.left(v - n);
            }
        }
        return count;
    }
}
