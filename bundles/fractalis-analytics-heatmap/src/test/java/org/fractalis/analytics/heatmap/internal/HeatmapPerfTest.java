package org.fractalis.analytics.heatmap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.TaskArgs;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The heatmap at the size of the performance reference (golden README §6): 20,000 features x 500 samples, two
 * groups of 250, 500 planted differential features, limma ranking, max_rows 100. Prints the time of a first
 * (cold) and of later runs. Off by default because timings depend on the machine's load; run it with
 * {@code mvn test -pl bundles/fractalis-analytics-heatmap -Dtest=HeatmapPerfTest -Dfractalis.perf=true
 * -DargLine=-Xmx1g}.
 */
@EnabledIfSystemProperty(named = "fractalis.perf", matches = "true")
class HeatmapPerfTest {

    @Test
    void limmaRankingOn20000x500() throws AnalyticsException {
        int nf = 20000;
        int ns = 500;
        Random rnd = new Random(20240601);
        String[] ids = new String[ns];
        for (int j = 0; j < ns; j++) {
            ids[j] = "S" + (j + 1);
        }
        String[] features = new String[nf];
        double[] means = new double[nf];
        double[] sds = new double[nf];
        for (int i = 0; i < nf; i++) {
            features[i] = String.format("gene%05d", i);
            means[i] = 3 + 10 * rnd.nextDouble();
            sds[i] = 0.15 + 0.85 * rnd.nextDouble();
        }
        int n = nf * ns;
        int[] idCodes = new int[n];
        int[] featureCodes = new int[n];
        double[] values = new double[n];
        int r = 0;
        for (int j = 0; j < ns; j++) {
            for (int i = 0; i < nf; i++) {
                idCodes[r] = j;
                featureCodes[r] = i;
                double v = means[i] + sds[i] * rnd.nextGaussian() + (i < 500 && j >= ns / 2 ? (i < 250 ? 1 : -1) : 0);
                values[r++] = Math.round(v * 1e4) / 1e4;
            }
        }
        Frame frame = Frame.ofColumns(DataKind.NUMERICAL_ARRAY, ids, idCodes, features, featureCodes, values, null);
        List<String> s1 = new ArrayList<>(List.of(ids).subList(0, ns / 2));
        List<String> s2 = new ArrayList<>(List.of(ids).subList(ns / 2, ns));
        HeatmapTask task = new HeatmapTask();
        for (int run = 0; run < 4; run++) {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("numerical_arrays", List.of(frame));
            args.put("numericals", List.of());
            args.put("categoricals", List.of());
            args.put("ranking_method", "logFC");
            args.put("params", Map.of());
            args.put("id_filter", List.of());
            args.put("max_rows", 100);
            args.put("subsets", List.of(s1, s2));
            long t0 = System.nanoTime();
            Map<String, Object> result = task.run(new TaskArgs(args));
            long t1 = System.nanoTime();
            System.out.printf("heatmap 20000 x 500, limma logFC, max_rows 100, run %d: %.0f ms%n", run, (t1 - t0) / 1e6);
            @SuppressWarnings("unchecked")
            Map<String, Object> stats = (Map<String, Object>) result.get("stats");
            assertEquals(100, ((String[]) stats.get("feature")).length);
        }
    }
}
