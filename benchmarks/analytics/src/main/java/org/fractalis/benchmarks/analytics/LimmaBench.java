package org.fractalis.benchmarks.analytics;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.fractalis.stats.limma.Limma;
import org.fractalis.stats.limma.LimmaException;
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
 * limma on the 20,000 × 500 expression matrix with two groups of 250: {@code lmFit} (design {@code ~0+group}),
 * {@code contrasts.fit} (group2-group1), {@code eBayes}, {@code topTable(number = Inf, sort.by = "none")}, through
 * the public entry point {@link Limma#groupMeans(double[], int, int, int[], int[], int)} on the row-major matrix as
 * the heatmap and volcano plot call it. Reference: {@code ref/limma_deseq2.R}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class LimmaBench {

    private double[] values;
    private int[] columns;
    private int[] groups;

    @Setup(Level.Trial)
    public void load() {
        values = DataFiles.read(DataFiles.EXPR, DataFiles.EXPR_FEATURES * DataFiles.EXPR_SAMPLES);
        int n = DataFiles.EXPR_SAMPLES;
        columns = new int[n];
        groups = new int[n];
        for (int j = 0; j < n; j++) {
            columns[j] = j;
            groups[j] = j < n / 2 ? 0 : 1;
        }
    }

    @Benchmark
    public Map<String, double[]> limmaTopTable() throws LimmaException {
        return Limma.groupMeans(values, DataFiles.EXPR_FEATURES, DataFiles.EXPR_SAMPLES, columns, groups, 2)
                .topTable();
    }
}
