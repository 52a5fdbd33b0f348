package org.fractalis.benchmarks.analytics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.fractalis.analytics.heatmap.internal.HeatmapTask;
import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.AnalyticsTask;
import org.fractalis.api.analytics.TaskArgs;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.fractalis.core.internal.json.ResultJson;
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
 * The whole {@code compute-heatmap} task as a worker runs it on a cached frame: the 20,000 × 500 expression
 * matrix as one numerical_array {@link Frame} in long format (10,000,000 rows, built once, ids S1..S500 and
 * features gene00000..gene19999, rows id by id), two subsets S1..S250 and S251..S500, ranking {@code logFC}
 * (limma), {@code max_rows} 100; the result map is written to the JSON string with {@link ResultJson}. The fork
 * runs with a 1 GB heap ({@code -Xmx1g}), the memory goal. Goal: ≤ 1.5 s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class HeatmapBench {

    private final AnalyticsTask task = new HeatmapTask();
    private Map<String, Object> args;

    @Setup(Level.Trial)
    public void load() {
        int nf = DataFiles.EXPR_FEATURES;
        int ns = DataFiles.EXPR_SAMPLES;
        String[] ids = new String[ns];
        for (int j = 0; j < ns; j++) {
            ids[j] = "S" + (j + 1);
        }
        String[] features = new String[nf];
        for (int i = 0; i < nf; i++) {
            features[i] = String.format("gene%05d", i);
        }
        int n = nf * ns;
        int[] idCodes = new int[n];
        int[] featureCodes = new int[n];
        double[] values = new double[n];
        double[] matrix = DataFiles.read(DataFiles.EXPR, n); // features × samples
        int r = 0;
        for (int j = 0; j < ns; j++) {
            for (int i = 0; i < nf; i++) {
                idCodes[r] = j;
                featureCodes[r] = i;
                values[r++] = matrix[i * ns + j];
            }
        }
        matrix = null;
        Frame frame = Frame.ofColumns(DataKind.NUMERICAL_ARRAY, ids, idCodes, features, featureCodes, values, null);
        List<String> s1 = new ArrayList<>(List.of(ids).subList(0, ns / 2));
        List<String> s2 = new ArrayList<>(List.of(ids).subList(ns / 2, ns));
        args = new LinkedHashMap<>();
        args.put("numerical_arrays", List.of(frame));
        args.put("numericals", List.of());
        args.put("categoricals", List.of());
        args.put("ranking_method", "logFC");
        args.put("params", Map.of());
        args.put("id_filter", List.of());
        args.put("max_rows", 100);
        args.put("subsets", List.of(s1, s2));
    }

    @Benchmark
    public String heatmapTaskToJson() throws AnalyticsException {
        return ResultJson.write(task.run(new TaskArgs(args)));
    }
}
