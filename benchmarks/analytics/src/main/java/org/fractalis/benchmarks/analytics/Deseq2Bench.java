package org.fractalis.benchmarks.analytics;

import java.util.concurrent.TimeUnit;

import org.fractalis.stats.deseq2.Deseq2;
import org.fractalis.stats.deseq2.Deseq2Exception;
import org.fractalis.stats.deseq2.DeseqResult;
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
 * DESeq2 on 20,000 genes × 12 samples (6 + 6): {@link Deseq2#run(double[][], int[])}, which is R's
 * {@code DESeq(dds); results(dds)} with all defaults. Reference: {@code ref/limma_deseq2.R}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1) // the JIT needs 4-5 runs of DESeq2's many code paths to settle
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class Deseq2Bench {

    private double[][] counts;
    private int[] condition;

    @Setup(Level.Trial)
    public void load() {
        counts = DataFiles.readRows(DataFiles.COUNTS, DataFiles.COUNT_GENES, DataFiles.COUNT_SAMPLES);
        condition = new int[DataFiles.COUNT_SAMPLES];
        for (int j = 0; j < condition.length; j++) {
            condition[j] = j < condition.length / 2 ? 0 : 1;
        }
    }

    @Benchmark
    public DeseqResult deseq2() throws Deseq2Exception {
        return Deseq2.run(counts, condition);
    }
}
