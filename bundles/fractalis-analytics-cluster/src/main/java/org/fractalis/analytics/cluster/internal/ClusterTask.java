package org.fractalis.analytics.cluster.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.AnalyticsTask;
import org.fractalis.api.analytics.AnalyticsTaskName;
import org.fractalis.api.analytics.TaskArgs;
import org.fractalis.stats.cluster.ClusterOrder;
import org.fractalis.stats.cluster.CutTree;
import org.fractalis.stats.cluster.DistanceMetric;
import org.fractalis.stats.cluster.KMeans;
import org.fractalis.stats.cluster.Linkage;
import org.fractalis.stats.cluster.LinkageMethod;
import org.fractalis.stats.cluster.LinkageTree;
import org.fractalis.stats.prep.PythonOrder;
import org.osgi.service.component.annotations.Component;

/**
 * {@code compute-cluster}: hierarchical clustering or k-means of the heatmap's rows (features) and columns
 * (samples), returned in display order (golden README §4.8, CLIENT_CONTRACT §7.6).
 *
 * <p>{@code df} is {@code {sample: {feature: z}}}; rows and columns are sorted (pandas 0.20 did), null or absent
 * cells are filled with the row (feature) median. Rows and columns are clustered separately with SciPy's
 * {@code linkage} + {@code cut_tree}, or {@code kmeans2(minit='points')}; items are then ordered by (cluster size,
 * label) descending with a stable sort and the clusters renumbered 0, 1, … in that order.
 */
@Component(service = AnalyticsTask.class)
@AnalyticsTaskName(task = "compute-cluster")
public final class ClusterTask implements AnalyticsTask {
    /** k-means is started from this many seeded random starts; the lowest within-cluster sum of squares wins. */
    static final int KMEANS_RUNS = 10;
    private static final long KMEANS_SEED = 20240601L;

    /** The df argument as a features × samples matrix. */
    private record Data(String[] features, String[] samples, double[][] values) {
        double[][] transposed() {
            double[][] t = new double[samples.length][features.length];
            for (int f = 0; f < features.length; f++) {
                for (int s = 0; s < samples.length; s++) {
                    t[s][f] = values[f][s];
                }
            }
            return t;
        }
    }

    @Override
    public Map<String, Object> run(TaskArgs args) throws AnalyticsException {
        Data data = parse(args.get("df"));
        Object algo = args.get("cluster_algo");
        Map<String, Object> options = args.object("options");
        if ("hclust".equals(algo)) {
            return hclust(data, options);
        } else if ("kmeans".equals(algo)) {
            return kmeans(data, options);
        }
        throw AnalyticsException.valueError("Algorithm not implemented: '" + pyStr(algo) + "'");
    }

    private static Map<String, Object> hclust(Data data, Map<String, Object> options) throws AnalyticsException {
        if (!options.containsKey("method") || !options.containsKey("metric") || !options.containsKey("n_row_clusters")
                || !options.containsKey("n_col_clusters")) {
            throw AnalyticsException.valueError("'method', 'metric', 'n_row_clusters', and 'n_col_clusters' are "
                    + "mandatory parameters to perform a hierarchical clustering.");
        }
        Object methodName = options.get("method");
        LinkageMethod method = methodName instanceof String s ? LinkageMethod.fromName(s).orElse(null) : null;
        if (method == null) {
            throw AnalyticsException.valueError("Invalid method: " + pyStr(methodName));
        }
        Object metricName = options.get("metric");
        if (method.euclideanOnly() && !"euclidean".equals(metricName)) {
            throw AnalyticsException.valueError(
                    "Method '" + method.scipyName() + "' requires the distance metric to be Euclidean");
        }
        DistanceMetric metric = metricName instanceof String s ? DistanceMetric.fromName(s).orElse(null) : null;
        if (metric == null) {
            throw AnalyticsException.valueError("Unknown Distance Metric: " + pyStr(metricName));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("row_clusters", hclust(data.features(), data.values(), method, metric,
                options.get("n_row_clusters"), "n_row_clusters"));
        result.put("col_clusters", hclust(data.samples(), data.transposed(), method, metric,
                options.get("n_col_clusters"), "n_col_clusters"));
        return result;
    }

    private static List<List<Object>> hclust(String[] names, double[][] x, LinkageMethod method, DistanceMetric metric,
            Object nClusters, String option) throws AnalyticsException {
        cancelled();
        LinkageTree tree;
        try {
            tree = Linkage.linkage(x, method, metric);
        } catch (IllegalArgumentException e) {
            throw AnalyticsException.valueError(e.getMessage());
        }
        cancelled();
        int k = clusterCount(number(nClusters, option), tree.observations());
        return ordered(names, CutTree.cut(tree, k));
    }

    /** {@code n_obs − searchsorted(arange(n_obs), n)}, as SciPy's cut_tree turns a requested count into steps. */
    static int clusterCount(double requested, int nObs) {
        if (Double.isNaN(requested) || requested >= nObs) {
            return nObs;
        }
        if (requested <= 0) {
            return 0;
        }
        return (int) Math.ceil(requested);
    }

    private static Map<String, Object> kmeans(Data data, Map<String, Object> options) throws AnalyticsException {
        if (!options.containsKey("n_row_centroids") || !options.containsKey("n_col_centroids")) {
            throw AnalyticsException.valueError("'n_row_centroids' and 'n_col_centroids' are mandatory parameters "
                    + "to perform a kmeans clustering.");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("row_clusters", kmeans(data.features(), data.values(), options.get("n_row_centroids"),
                "n_row_centroids"));
        result.put("col_clusters", kmeans(data.samples(), data.transposed(), options.get("n_col_centroids"),
                "n_col_centroids"));
        return result;
    }

    private static List<List<Object>> kmeans(String[] names, double[][] x, Object centroids, String option)
            throws AnalyticsException {
        cancelled();
        double k = number(centroids, option);
        long nc = (long) k; // Python int(): truncation towards zero
        if (nc < 1) {
            throw AnalyticsException.valueError("Cannot ask kmeans2 for " + nc + " clusters (k was " + pyStr(centroids)
                    + ")");
        }
        int[] labels;
        try {
            labels = KMeans.bestOf(x, (int) Math.min(nc, Integer.MAX_VALUE), KMeans.DEFAULT_ITERATIONS, KMEANS_RUNS,
                    KMEANS_SEED);
        } catch (IllegalArgumentException e) {
            throw AnalyticsException.valueError(e.getMessage());
        }
        return ordered(names, labels);
    }

    private static List<List<Object>> ordered(String[] names, int[] labels) {
        ClusterOrder.Ordered o = ClusterOrder.of(labels);
        List<List<Object>> out = new ArrayList<>(names.length);
        for (int i = 0; i < names.length; i++) {
            out.add(List.of(names[o.order()[i]], o.labels()[i]));
        }
        return out;
    }

    private static double number(Object v, String option) throws AnalyticsException {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new AnalyticsException("TypeError", "'" + option + "' must be a number, got " + pyStr(v) + ".");
    }

    /** Parses {@code {sample: {feature: value}}} into a sorted features × samples matrix, median-filled. */
    static Data parse(Object df) throws AnalyticsException {
        if (!(df instanceof Map<?, ?> outer)) {
            throw AnalyticsException.valueError("Failed to parse input data frame.");
        }
        TreeSet<String> sampleSet = new TreeSet<>(PythonOrder.STRINGS);
        TreeSet<String> featureSet = new TreeSet<>(PythonOrder.STRINGS);
        for (Map.Entry<?, ?> e : outer.entrySet()) {
            if (!(e.getKey() instanceof String s) || !(e.getValue() instanceof Map<?, ?> inner)) {
                throw AnalyticsException.valueError("Failed to parse input data frame.");
            }
            sampleSet.add(s);
            for (Map.Entry<?, ?> c : inner.entrySet()) {
                if (!(c.getKey() instanceof String f) || (c.getValue() != null && !(c.getValue() instanceof Number))) {
                    throw AnalyticsException.valueError("Failed to parse input data frame.");
                }
                featureSet.add(f);
            }
        }
        String[] samples = sampleSet.toArray(String[]::new);
        String[] features = featureSet.toArray(String[]::new);
        Map<String, Integer> featureIndex = new HashMap<>();
        for (int f = 0; f < features.length; f++) {
            featureIndex.put(features[f], f);
        }
        double[][] values = new double[features.length][samples.length];
        for (double[] row : values) {
            Arrays.fill(row, Double.NaN);
        }
        for (int s = 0; s < samples.length; s++) {
            Map<?, ?> inner = (Map<?, ?>) outer.get(samples[s]);
            for (Map.Entry<?, ?> c : inner.entrySet()) {
                if (c.getValue() != null) {
                    values[featureIndex.get((String) c.getKey())][s] = ((Number) c.getValue()).doubleValue();
                }
            }
        }
        for (double[] row : values) {
            fillWithMedian(row);
        }
        return new Data(features, samples, values);
    }

    /** pandas {@code fillna(median(skipna))}: a row without any value stays NaN. */
    private static void fillWithMedian(double[] row) {
        double[] present = Arrays.stream(row).filter(v -> !Double.isNaN(v)).toArray();
        if (present.length == row.length || present.length == 0) {
            return;
        }
        Arrays.sort(present);
        int m = present.length;
        double median = (m & 1) == 1 ? present[m / 2] : (present[m / 2 - 1] + present[m / 2]) / 2.0;
        for (int i = 0; i < row.length; i++) {
            if (Double.isNaN(row[i])) {
                row[i] = median;
            }
        }
    }

    /** Python's {@code str()} of a JSON value, for messages. */
    private static String pyStr(Object v) {
        return v == null ? "None" : v.toString();
    }

    private static void cancelled() throws AnalyticsException {
        if (Thread.currentThread().isInterrupted()) {
            throw new AnalyticsException("InterruptedError", "The task was cancelled.");
        }
    }
}
