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
 * PCA of 500 samples × 20,000 features (the expression matrix transposed), all 500 components, no whitening:
 * {@link Pca#fit(double[][], boolean)} (centring, SVD, scores and components; the input is not modified), as
 * scikit-learn's {@code PCA(svd_solver="full").fit_transform(X)} in {@code ref/python_refs.py}.
 *
 * <p>The fork adds the incubating {@code jdk.incubator.vector} module, so fractalis-stats uses its Vector API
 * kernels, as the Karaf runtime does when it adds the module. {@link #pcaFitTransformPlainKernels} repeats the
 * benchmark in a fork without it (the plain Java kernels, for information).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "--add-modules", "jdk.incubator.vector"})
public class PcaBench {

    private double[][] samples;

    @Setup(Level.Trial)
    public void load() {
        System.out.println("jdk.incubator.vector in the boot layer: "
                + ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        int nf = DataFiles.EXPR_FEATURES;
        int ns = DataFiles.EXPR_SAMPLES;
        double[] m = DataFiles.read(DataFiles.EXPR, nf * ns);
        samples = new double[ns][nf];
        for (int i = 0; i < nf; i++) {
            for (int j = 0; j < ns; j++) {
                samples[j][i] = m[i * ns + j];
            }
        }
    }

    @Benchmark
    public PcaResult pcaFitTransform() {
        return Pca.fit(samples, false);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
    public PcaResult pcaFitTransformPlainKernels() {
        return Pca.fit(samples, false);
    }
}
