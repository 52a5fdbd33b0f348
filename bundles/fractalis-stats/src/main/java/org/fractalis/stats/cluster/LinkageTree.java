package org.fractalis.stats.cluster;

/**
 * A linkage matrix as SciPy returns it: merge k joins clusters {@code left(k)} and {@code right(k)} (ids below n
 * are observations, id {@code n + k} is the cluster formed by merge k) at {@code height(k)}, forming a cluster of
 * {@code size(k)} observations. Immutable.
 */
public final class LinkageTree {
    private final int n;
    private final int[] left;
    private final int[] right;
    private final double[] height;
    private final int[] size;

    LinkageTree(int n, int[] left, int[] right, double[] height, int[] size) {
        this.n = n;
        this.left = left;
        this.right = right;
        this.height = height;
        this.size = size;
    }

    /** Number of observations. */
    public int observations() {
        return n;
    }

    /** Number of merges ({@code n − 1}). */
    public int merges() {
        return n - 1;
    }

    public int left(int k) {
        return left[k];
    }

    public int right(int k) {
        return right[k];
    }

    public double height(int k) {
        return height[k];
    }

    public int size(int k) {
        return size[k];
    }

    /** The tree as SciPy's {@code Z}: rows {@code [left, right, height, size]}. */
    public double[][] toMatrix() {
        double[][] z = new double[n - 1][];
        for (int k = 0; k < n - 1; k++) {
            z[k] = new double[] {left[k], right[k], height[k], size[k]};
        }
        return z;
    }
}
