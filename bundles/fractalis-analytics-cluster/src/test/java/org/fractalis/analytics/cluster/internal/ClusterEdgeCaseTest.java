package org.fractalis.analytics.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.TaskArgs;
import org.fractalis.golden.GoldenCase;
import org.fractalis.golden.GoldenCases;
import org.junit.jupiter.api.Test;

class ClusterEdgeCaseTest {

    private static Map<String, Object> df(double[][] values, String[] samples, String[] features) {
        Map<String, Object> df = new LinkedHashMap<>();
        for (int s = 0; s < samples.length; s++) {
            Map<String, Object> col = new LinkedHashMap<>();
            for (int f = 0; f < features.length; f++) {
                double v = values[f][s];
                col.put(features[f], Double.isNaN(v) ? null : v);
            }
            df.put(samples[s], col);
        }
        return df;
    }

    private static Map<String, Object> run(Object df, String algo, Map<String, Object> options)
            throws AnalyticsException {
        Map<String, Object> a = new HashMap<>();
        a.put("df", df);
        a.put("cluster_algo", algo);
        a.put("options", options);
        return new ClusterTask().run(new TaskArgs(a));
    }

    private static Map<String, Object> hclust(String method, String metric, Object rows, Object cols) {
        Map<String, Object> o = new HashMap<>();
        o.put("method", method);
        o.put("metric", metric);
        o.put("n_row_clusters", rows);
        o.put("n_col_clusters", cols);
        return o;
    }

    @Test
    void keysAreSortedAndMissingCellsTakeTheRowMedian() throws AnalyticsException {
        // sample "b" lacks feature "y": filled with the median of y's other values (1 and 3 -> 2), which puts b
        // next to a ({0, 2}) rather than c ({10, 3})
        Map<String, Object> df = new LinkedHashMap<>();
        df.put("c", Map.of("x", 10.0, "y", 3.0));
        df.put("a", Map.of("x", 0.0, "y", 1.0));
        Map<String, Object> b = new HashMap<>();
        b.put("x", 0.5);
        b.put("y", null);
        df.put("b", b);
        Map<String, Object> r = run(df, "hclust", hclust("average", "euclidean", 1, 2));
        assertEquals(List.of(List.of("a", 0), List.of("b", 0), List.of("c", 1)), r.get("col_clusters"));
        assertEquals(List.of(List.of("x", 0), List.of("y", 0)), r.get("row_clusters"));
    }

    @Test
    void nonIntegerAndOutOfRangeClusterCountsFollowScipy() throws AnalyticsException {
        assertEquals(3, ClusterTask.clusterCount(2.5, 6));
        assertEquals(6, ClusterTask.clusterCount(60, 6));
        assertEquals(0, ClusterTask.clusterCount(-1, 6));
        String[] samples = {"s1", "s2", "s3"};
        String[] features = {"f1", "f2"};
        Map<String, Object> df = df(new double[][] {{1, 2, 9}, {1, 3, 8}}, samples, features);
        Map<String, Object> r = run(df, "hclust", hclust("single", "cityblock", 10, 0));
        // more clusters than rows: every row alone; equal sizes order later rows first
        assertEquals(List.of(List.of("f2", 0), List.of("f1", 1)), r.get("row_clusters"));
        // 0 clusters: one cluster
        assertEquals(List.of(List.of("s1", 0), List.of("s2", 0), List.of("s3", 0)), r.get("col_clusters"));
    }

    @Test
    void scipyFailuresBecomeValueErrors() {
        String[] samples = {"s1", "s2", "s3"};
        String[] features = {"f1", "f2"};
        Map<String, Object> constant = df(new double[][] {{1, 1, 1}, {1, 3, 8}}, samples, features);
        AnalyticsException e = assertThrows(AnalyticsException.class,
                () -> run(constant, "hclust", hclust("average", "correlation", 2, 2)));
        assertEquals("ValueError", e.type());
        e = assertThrows(AnalyticsException.class, () -> run(constant, "hclust", hclust("ward", "cosine", 2, 2)));
        assertEquals("Method 'ward' requires the distance metric to be Euclidean", e.getMessage());
        e = assertThrows(AnalyticsException.class, () -> run(constant, "hclust", hclust("average", "foo", 2, 2)));
        assertEquals("Unknown Distance Metric: foo", e.getMessage());
        // the client sends {} before the heatmap result arrives
        assertThrows(AnalyticsException.class, () -> run(Map.of(), "hclust", hclust("average", "euclidean", 2, 2)));
        assertThrows(AnalyticsException.class, () -> run(Map.of(), "kmeans",
                Map.of("n_row_centroids", 2, "n_col_centroids", 2)));
        assertThrows(AnalyticsException.class, () -> run(List.of(1), "hclust", hclust("average", "euclidean", 2, 2)));
        Map<String, Object> allMissing = df(new double[][] {{Double.NaN, Double.NaN, Double.NaN}, {1, 3, 8}},
                samples, features);
        e = assertThrows(AnalyticsException.class,
                () -> run(allMissing, "hclust", hclust("average", "euclidean", 2, 2)));
        assertEquals("ValueError", e.type());
    }

    @Test
    void kmeansFindsThePlantedPartitionOfTheGoldenCase() throws AnalyticsException {
        GoldenCase c = GoldenCases.load("compute-cluster", "kmeans_well_separated");
        Map<String, Object> r = new ClusterTask().run(c.args());
        @SuppressWarnings("unchecked")
        Map<String, Object> hint = (Map<String, Object>) c.document().get("likely_partition");
        for (String key : List.of("row_clusters", "col_clusters")) {
            @SuppressWarnings("unchecked")
            List<List<Object>> pairs = (List<List<Object>>) r.get(key);
            List<List<String>> groups = new ArrayList<>();
            for (List<Object> p : pairs) {
                int label = (Integer) p.get(1);
                if (label == groups.size()) {
                    groups.add(new ArrayList<>());
                }
                groups.get(label).add((String) p.get(0));
            }
            assertEquals(hint.get(key), groups, key);
        }
    }

    @Test
    void kmeansIsReproducibleAndClampsLargeK() throws AnalyticsException {
        String[] samples = {"s1", "s2", "s3"};
        String[] features = {"f1", "f2"};
        Map<String, Object> df = df(new double[][] {{1, 2, 9}, {1, 3, 8}}, samples, features);
        Map<String, Object> opts = Map.of("n_row_centroids", 5, "n_col_centroids", 2.9);
        Map<String, Object> r1 = run(df, "kmeans", opts);
        assertEquals(r1, run(df, "kmeans", opts));
        assertEquals(2, ((List<?>) r1.get("row_clusters")).size());
        assertEquals(List.of(List.of("s1", 0), List.of("s2", 0), List.of("s3", 1)), r1.get("col_clusters"));
        AnalyticsException e = assertThrows(AnalyticsException.class,
                () -> run(df, "kmeans", Map.of("n_row_centroids", 0.5, "n_col_centroids", 2)));
        assertEquals("ValueError", e.type());
    }
}
