package org.fractalis.benchmarks.analytics;

import java.util.concurrent.TimeUnit;

import org.fractalis.stats.pca.Pca;
import org.fractalis.stats.pca.PcaResult;
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
 * What {@code compute-pca} computes since issue 12: the 10 leading components ({@code pca.max.components}
 * default) of 500 or 2,500 samples × 20,000 features, {@link Pca#fit(double[][], boolean, int)} with
 * maxComponents 10 plus the loadings, against scikit-learn's {@code PCA(n_components=10).fit_transform(X)} (its
 * default solver picks the randomised SVD at these sizes) in {@code ref/python_refs.py pca10}. At 500 samples the
 * exact decomposition runs and only 10 components are projected; at 2,500 the block Krylov solver.
 * The {@code PlainKernels} methods fork without {@code jdk.incubator.vector}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "--add-modules", "jdk.incubator.vector"})
public class PcaTopBench {
    static final int K = 10;

    /** Samples × features of a features × samples file. */
    static double[][] samples(String file, int nf, int ns) {
        System.out.println("jdk.incubator.vector in the boot layer: "
                + ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        double[] m = DataFiles.read(file, nf * ns);
        double[][] s = new double[ns][nf];
        for (int i = 0; i < nf; i++) {
            for (int j = 0; j < ns; j++) {
                s[j][i] = m[i * ns + j];
            }
        }
        return s;
    }

    @State(Scope.Benchmark)
    public static class Samples500 {
        double[][] x;

        @Setup(Level.Trial)
        public void load() {
            x = samples(DataFiles.EXPR, DataFiles.EXPR_FEATURES, DataFiles.EXPR_SAMPLES);
        }
    }

    @State(Scope.Benchmark)
    public static class Samples2500 {
        double[][] x;

        @Setup(Level.Trial)
        public void load() {
            x = samples(DataFiles.EXPR2500, DataFiles.EXPR_FEATURES, DataFiles.EXPR2500_SAMPLES);
        }
    }

    static double[][] top(double[][] x) {
        PcaResult r = Pca.fit(x, false, K);
        return r.loadings();
    }

    @Benchmark
    public double[][] top10Samples500(Samples500 s) {
        return top(s.x);
    }

    @Benchmark
    public double[][] top10Samples2500(Samples2500 s) {
        return top(s.x);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
    public double[][] top10Samples500PlainKernels(Samples500 s) {
        return top(s.x);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
    public double[][] top10Samples2500PlainKernels(Samples2500 s) {
        return top(s.x);
    }
}
