package org.fractalis.benchmarks.analytics;

import java.util.concurrent.TimeUnit;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.stats.GaussianKde;
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
 * Gaussian KDE (Scott's rule) of 100,000 points evaluated at 200 evenly spaced points from the minimum to the
 * maximum: {@link GaussianKde#scott} + {@link GaussianKde#evaluateLinspace}, as SciPy's
 * {@code gaussian_kde(x)(np.linspace(x.min(), x.max(), 200))}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class KdeBench {

    private double[] data;
    private double min;
    private double max;

    @Setup(Level.Trial)
    public void load() {
        data = DataFiles.read(DataFiles.KDE, DataFiles.KDE_POINTS);
        min = Double.POSITIVE_INFINITY;
        max = Double.NEGATIVE_INFINITY;
        for (double d : data) {
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
    }

    @Benchmark
    public double[] kde() throws AnalyticsException {
        return GaussianKde.scott(data).evaluateLinspace(min, max, DataFiles.KDE_GRID);
    }
}
