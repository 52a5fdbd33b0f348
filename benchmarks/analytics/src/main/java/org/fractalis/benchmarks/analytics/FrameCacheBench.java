package org.fractalis.benchmarks.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.fractalis.core.internal.data.FrameCodec;
import org.fractalis.core.internal.data.FrameCodec.Compression;
import org.fractalis.core.internal.data.FrameCodec.Manifest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The frame cache's codec (issue 12, item 2): encode (what a load spends between the connector and the store) and
 * decode (what the first analysis of a variable spends) of a 500 samples × 20,000 features numerical array
 * (10 M seeded Gaussian values, 80 MB of doubles) in 64 MiB chunks, for each block compression and with and
 * without AES-GCM. MB/s of values = 80 / (ms per op) × 1000. The store's own write is not included.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
@State(Scope.Benchmark)
public class FrameCacheBench {
    @Param({"500"})
    int samples;
    @Param({"20000"})
    int features;
    @Param({"NONE", "LZ4", "LZ4_SHUFFLED"})
    Compression compression;
    @Param({"false", "true"})
    boolean encrypted;

    Frame frame;
    FrameCodec codec;
    Manifest manifest;
    List<byte[]> chunks;

    @Setup(Level.Trial)
    public void setUp() {
        frame = matrix(samples, features, 12);
        codec = new FrameCodec(encrypted ? "benchmark secret" : null, compression);
        List<byte[]> c = new ArrayList<>();
        manifest = codec.encode(frame, FrameCodec.MAX_CHUNK_BYTES, codec.newGeneration(), (i, b) -> c.add(b));
        chunks = c;
        System.out.printf("%n%d values, %.1f MB of doubles, stored %.1f MB in %d chunks (LZ4: %s)%n", frame.size(),
                frame.size() * 8e-6, manifest.storedBytes() * 1e-6, manifest.chunks(),
                FrameCodec.lz4Implementation());
    }

    /** Long format, sample by sample, as the connectors build a numerical array. */
    static Frame matrix(int ns, int nf, long seed) {
        String[] ids = new String[ns];
        String[] fs = new String[nf];
        for (int s = 0; s < ns; s++) {
            ids[s] = "TCGA-" + String.format("%06d", s);
        }
        for (int f = 0; f < nf; f++) {
            fs[f] = "gene-" + f;
        }
        int n = ns * nf;
        int[] idc = new int[n];
        int[] fc = new int[n];
        double[] v = new double[n];
        Random r = new Random(seed);
        int k = 0;
        for (int s = 0; s < ns; s++) {
            for (int f = 0; f < nf; f++) {
                idc[k] = s;
                fc[k] = f;
                v[k++] = r.nextGaussian();
            }
        }
        return Frame.ofColumns(DataKind.NUMERICAL_ARRAY, ids, idc, fs, fc, v, null);
    }

    @Benchmark
    public Manifest encode(Blackhole bh) {
        return codec.encode(frame, FrameCodec.MAX_CHUNK_BYTES, codec.newGeneration(), (i, b) -> bh.consume(b));
    }

    @Benchmark
    public Frame decode() throws Exception {
        return codec.decode(manifest, i -> Optional.of(chunks.get(i)));
    }
}
