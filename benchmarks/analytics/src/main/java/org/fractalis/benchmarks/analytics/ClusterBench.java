package org.fractalis.benchmarks.analytics;

import java.util.concurrent.TimeUnit;

import org.fractalis.stats.cluster.CutTree;
import org.fractalis.stats.cluster.DistanceMetric;
import org.fractalis.stats.cluster.Linkage;
import org.fractalis.stats.cluster.LinkageMethod;
import org.fractalis.stats.cluster.LinkageTree;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Hierarchical clustering of 2,000 observations × 500 features, average linkage on Euclidean distances
 * ({@link Linkage#linkage}, distances included, as SciPy's {@code linkage(X, "average", "euclidean")}), and
 * {@link CutTree#cut} into 5 clusters (SciPy's {@code cut_tree(Z, n_clusters=5)}), separately and together.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class ClusterBench {

    private double[][] x;
    private LinkageTree tree;

    @Setup(Level.Trial)
    public void load() {
        x = DataFiles.readRows(DataFiles.HCLUST, DataFiles.HCLUST_ROWS, DataFiles.HCLUST_COLS);
        tree = Linkage.linkage(x, LinkageMethod.AVERAGE, DistanceMetric.EUCLIDEAN);
    }

    @Benchmark
    public LinkageTree linkage() {
        return Linkage.linkage(x, LinkageMethod.AVERAGE, DistanceMetric.EUCLIDEAN);
    }

    @Benchmark
    public int[] cutTree() {
        return CutTree.cut(tree, 5);
    }

    @Benchmark
    public int[] linkageAndCutTree() {
        return CutTree.cut(Linkage.linkage(x, LinkageMethod.AVERAGE, DistanceMetric.EUCLIDEAN), 5);
    }
}
