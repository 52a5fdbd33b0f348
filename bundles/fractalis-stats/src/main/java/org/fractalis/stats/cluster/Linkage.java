package org.fractalis.stats.cluster;

import java.util.Arrays;

/**
 * Agglomerative clustering with the algorithms and tie rules of SciPy's {@code scipy.cluster.hierarchy.linkage}:
 * a minimum spanning tree for {@code single}, the nearest-neighbour chain for {@code complete}, {@code average},
 * {@code weighted} and {@code ward}, and the generic heap-based algorithm for {@code centroid} and {@code median}.
 * The Lance-Williams updates use SciPy's formulas in SciPy's order of operations, so merges, heights and ids match
 * SciPy's linkage matrix, ties included. Memory: one condensed distance matrix ({@code 4·n·(n−1)} bytes).
 */
public final class Linkage {
    /** SciPy's message for NaN or infinite distances. */
    public static final String NON_FINITE_MESSAGE =
            "The condensed distance matrix must contain only finite values.";
    /** SciPy's message for fewer than two observations. */
    public static final String EMPTY_MESSAGE =
            "The number of observations cannot be determined on an empty distance matrix.";

    private Linkage() {
    }

    /**
     * {@code linkage(x, method, metric)} on observation vectors.
     *
     * @param x observations × features (rows of equal length, not modified)
     * @throws IllegalArgumentException with SciPy's message for fewer than two observations, a non-Euclidean
     *     metric with centroid/median/ward, or non-finite distances
     */
    public static LinkageTree linkage(double[][] x, LinkageMethod method, DistanceMetric metric) {
        if (method.euclideanOnly() && metric != DistanceMetric.EUCLIDEAN) {
            throw new IllegalArgumentException(
                    "Method '" + method.scipyName() + "' requires the distance metric to be Euclidean");
        }
        if (x.length < 2) {
            throw new IllegalArgumentException(EMPTY_MESSAGE);
        }
        return fromCondensed(Distances.pdist(x, metric), x.length, method);
    }

    /**
     * {@code linkage(y, method)} on a condensed distance matrix.
     *
     * @param condensed the upper triangle row by row, {@code n(n−1)/2} values; used as work space (overwritten)
     * @param n number of observations (at least 2)
     */
    public static LinkageTree fromCondensed(double[] condensed, int n, LinkageMethod method) {
        if (n < 2) {
            throw new IllegalArgumentException(EMPTY_MESSAGE);
        }
        if ((long) n * (n - 1) / 2 != condensed.length) {
            throw new IllegalArgumentException("A condensed matrix of " + n + " observations has "
                    + ((long) n * (n - 1) / 2) + " entries, got " + condensed.length + ".");
        }
        for (double v : condensed) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(NON_FINITE_MESSAGE);
            }
        }
        Condensed d = new Condensed(condensed, n);
        switch (method) {
            case SINGLE:
                return mstSingle(d, n);
            case COMPLETE:
            case AVERAGE:
            case WEIGHTED:
            case WARD:
                return nnChain(d, n, method);
            default:
                return generic(d, n, method);
        }
    }

    /** Index arithmetic of the condensed matrix. */
    static final class Condensed {
        final double[] v;
        /** {@code base[i] + j} is the index of (i, j) for i &lt; j. */
        private final int[] base;

        Condensed(double[] v, int n) {
            this.v = v;
            base = new int[n];
            for (int i = 0; i < n; i++) {
                base[i] = (int) ((long) n * i - (long) i * (i + 1) / 2 - i - 1);
            }
        }

        int index(int i, int j) {
            return i < j ? base[i] + j : base[j] + i;
        }

        double get(int i, int j) {
            return v[index(i, j)];
        }
    }

    /** SciPy {@code mst_single_linkage}: Prim's algorithm, then sort by height and relabel. */
    private static LinkageTree mstSingle(Condensed d, int n) {
        int[] zx = new int[n - 1];
        int[] zy = new int[n - 1];
        double[] zh = new double[n - 1];
        boolean[] merged = new boolean[n];
        double[] dmin = new double[n];
        Arrays.fill(dmin, Double.POSITIVE_INFINITY);
        int x = 0;
        int y = 0;
        for (int k = 0; k < n - 1; k++) {
            double currentMin = Double.POSITIVE_INFINITY;
            merged[x] = true;
            for (int i = 0; i < n; i++) {
                if (merged[i]) {
                    continue;
                }
                double dist = d.get(x, i);
                if (dmin[i] > dist) {
                    dmin[i] = dist;
                }
                if (dmin[i] < currentMin) {
                    y = i;
                    currentMin = dmin[i];
                }
            }
            zx[k] = x;
            zy[k] = y;
            zh[k] = currentMin;
            x = y;
        }
        return sortAndLabel(zx, zy, zh, n);
    }

    /** SciPy {@code nn_chain}: nearest-neighbour chain, then sort by height and relabel. */
    private static LinkageTree nnChain(Condensed d, int n, LinkageMethod method) {
        double[] dv = d.v;
        int[] zx = new int[n - 1];
        int[] zy = new int[n - 1];
        double[] zh = new double[n - 1];
        int[] size = new int[n];
        Arrays.fill(size, 1);
        int[] chain = new int[n];
        int chainLength = 0;
        int x = 0;
        int y = 0;
        for (int k = 0; k < n - 1; k++) {
            if (chainLength == 0) {
                chainLength = 1;
                for (int i = 0; i < n; i++) {
                    if (size[i] > 0) {
                        chain[0] = i;
                        break;
                    }
                }
            }
            double currentMin;
            while (true) {
                x = chain[chainLength - 1];
                // prefer the previous element of the chain as the minimum, to avoid cycles
                if (chainLength > 1) {
                    y = chain[chainLength - 2];
                    currentMin = d.get(x, y);
                } else {
                    currentMin = Double.POSITIVE_INFINITY;
                }
                for (int i = 0; i < x; i++) {
                    if (size[i] != 0) {
                        double dist = dv[d.index(i, x)];
                        if (dist < currentMin) {
                            currentMin = dist;
                            y = i;
                        }
                    }
                }
                int rowStart = d.base[x];
                for (int i = x + 1; i < n; i++) {
                    if (size[i] != 0) {
                        double dist = dv[rowStart + i];
                        if (dist < currentMin) {
                            currentMin = dist;
                            y = i;
                        }
                    }
                }
                if (chainLength > 1 && y == chain[chainLength - 2]) {
                    break;
                }
                chain[chainLength++] = y;
            }
            chainLength -= 2;
            if (x > y) {
                int t = x;
                x = y;
                y = t;
            }
            int nx = size[x];
            int ny = size[y];
            zx[k] = x;
            zy[k] = y;
            zh[k] = currentMin;
            size[x] = 0;
            size[y] = nx + ny;
            for (int i = 0; i < n; i++) {
                int ni = size[i];
                if (ni == 0 || i == y) {
                    continue;
                }
                int iy = d.index(i, y);
                dv[iy] = method.update(dv[d.index(i, x)], dv[iy], currentMin, nx, ny, ni);
            }
        }
        return sortAndLabel(zx, zy, zh, n);
    }

    /** SciPy {@code fast_linkage} (Müllner's generic algorithm with a heap of nearest-neighbour candidates). */
    private static LinkageTree generic(Condensed d, int n, LinkageMethod method) {
        double[] dv = d.v;
        int[] left = new int[n - 1];
        int[] right = new int[n - 1];
        double[] height = new double[n - 1];
        int[] sizes = new int[n - 1];
        int[] size = new int[n];
        Arrays.fill(size, 1);
        int[] clusterId = new int[n];
        for (int i = 0; i < n; i++) {
            clusterId[i] = i;
        }
        int[] neighbor = new int[n - 1];
        double[] minDist = new double[n - 1];
        for (int x = 0; x < n - 1; x++) {
            int y = findMinDist(d, n, size, x);
            neighbor[x] = y;
            minDist[x] = d.get(x, y);
        }
        Heap heap = new Heap(minDist);
        int x = 0;
        int y = 0;
        double dist = 0;
        for (int k = 0; k < n - 1; k++) {
            for (int i = 0; i < n - k; i++) {
                x = heap.minKey();
                dist = heap.minValue();
                y = neighbor[x];
                if (dist == d.get(x, y)) {
                    break;
                }
                y = findMinDist(d, n, size, x);
                dist = d.get(x, y);
                neighbor[x] = y;
                minDist[x] = dist;
                heap.changeValue(x, dist);
            }
            heap.removeMin();
            int idX = clusterId[x];
            int idY = clusterId[y];
            int nx = size[x];
            int ny = size[y];
            left[k] = Math.min(idX, idY);
            right[k] = Math.max(idX, idY);
            height[k] = dist;
            sizes[k] = nx + ny;
            size[x] = 0;
            size[y] = nx + ny;
            clusterId[y] = n + k;
            for (int z = 0; z < n; z++) {
                int nz = size[z];
                if (nz == 0 || z == y) {
                    continue;
                }
                int zy = d.index(z, y);
                dv[zy] = method.update(dv[d.index(z, x)], dv[zy], dist, nx, ny, nz);
            }
            // reassign neighbour candidates from x to y (a logical guess, as in SciPy)
            for (int z = 0; z < x; z++) {
                if (size[z] > 0 && neighbor[z] == x) {
                    neighbor[z] = y;
                }
            }
            // update lower bounds of distance
            for (int z = 0; z < y; z++) {
                if (size[z] == 0) {
                    continue;
                }
                double dz = d.get(z, y);
                if (dz < minDist[z]) {
                    neighbor[z] = y;
                    minDist[z] = dz;
                    heap.changeValue(z, dz);
                }
            }
            // nearest neighbour of y
            if (y < n - 1) {
                int z = findMinDist(d, n, size, y);
                if (z != -1) {
                    neighbor[y] = z;
                    minDist[y] = d.get(y, z);
                    heap.changeValue(y, minDist[y]);
                }
            }
        }
        return new LinkageTree(n, left, right, height, sizes);
    }

    /** The live cluster above x with the smallest distance to x (the first on ties), or −1. */
    private static int findMinDist(Condensed d, int n, int[] size, int x) {
        double currentMin = Double.POSITIVE_INFINITY;
        int y = -1;
        for (int i = x + 1; i < n; i++) {
            if (size[i] == 0) {
                continue;
            }
            double dist = d.get(x, i);
            if (dist < currentMin) {
                currentMin = dist;
                y = i;
            }
        }
        return y;
    }

    /** Stable sort of the merges by height, then SciPy's {@code label}: ids of the merged clusters via union-find. */
    private static LinkageTree sortAndLabel(int[] zx, int[] zy, double[] zh, int n) {
        int m = n - 1;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(zh[a], zh[b])); // TimSort: stable
        int[] left = new int[m];
        int[] right = new int[m];
        double[] height = new double[m];
        int[] sizes = new int[m];
        int[] parent = new int[2 * n - 1];
        int[] ufSize = new int[2 * n - 1];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
            ufSize[i] = 1;
        }
        int nextLabel = n;
        for (int r = 0; r < m; r++) {
            int src = order[r];
            int xr = find(parent, zx[src]);
            int yr = find(parent, zy[src]);
            left[r] = Math.min(xr, yr);
            right[r] = Math.max(xr, yr);
            height[r] = zh[src];
            parent[xr] = nextLabel;
            parent[yr] = nextLabel;
            ufSize[nextLabel] = ufSize[xr] + ufSize[yr];
            sizes[r] = ufSize[nextLabel];
            nextLabel++;
        }
        return new LinkageTree(n, left, right, height, sizes);
    }

    private static int find(int[] parent, int x) {
        int root = x;
        while (parent[root] != root) {
            root = parent[root];
        }
        while (parent[x] != root) {
            int next = parent[x];
            parent[x] = root;
            x = next;
        }
        return root;
    }
}
