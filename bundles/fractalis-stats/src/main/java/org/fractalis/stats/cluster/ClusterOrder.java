package org.fractalis.stats.cluster;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The display order Fractalis gives flat clusters: items sorted by (cluster size, label) descending with a stable
 * sort (members keep their input order), then clusters renumbered 0, 1, 2, … in that order. So 0 is the largest
 * cluster, and among equal sizes the cluster with the larger original label (for {@code cut_tree}: the one whose
 * first member comes later) comes first.
 */
public final class ClusterOrder {

    /**
     * @param order input positions in display order
     * @param labels the new label of {@code order[i]}, non-decreasing from 0 in steps of 1
     */
    public record Ordered(int[] order, int[] labels) {
    }

    private ClusterOrder() {
    }

    public static Ordered of(int[] labels) {
        int n = labels.length;
        Map<Integer, Integer> counts = new HashMap<>();
        for (int l : labels) {
            counts.merge(l, 1, Integer::sum);
        }
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> {
            int c = Integer.compare(counts.get(labels[b]), counts.get(labels[a]));
            return c != 0 ? c : Integer.compare(labels[b], labels[a]);
        });
        int[] order = new int[n];
        int[] relabelled = new int[n];
        int c = 0;
        for (int i = 0; i < n; i++) {
            order[i] = idx[i];
            if (i > 0 && labels[idx[i]] != labels[idx[i - 1]]) {
                c++;
            }
            relabelled[i] = c;
        }
        return new Ordered(order, relabelled);
    }
}
