package org.fractalis.analytics.pca.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.TaskArgs;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.junit.jupiter.api.Test;

/** {@code pca.max.components}: the result carries only the leading components, in the original's shape. */
class PcaMaxComponentsTest {

    /** 40 samples × 60 features (numerical variables f00..f59) of random data: 40 components in the original. */
    private static List<Frame> features() {
        Random r = new Random(42);
        List<Frame> frames = new ArrayList<>();
        for (int j = 0; j < 60; j++) {
            Frame.Builder b = Frame.builder(DataKind.NUMERICAL);
            for (int i = 0; i < 40; i++) {
                b.add(String.format("s%02d", i), String.format("f%02d", j), r.nextGaussian() * (1 + j % 7));
            }
            frames.add(b.build());
        }
        return frames;
    }

    private static Map<String, Object> run(PcaTask task) throws AnalyticsException {
        Map<String, Object> a = new HashMap<>();
        a.put("features", features());
        a.put("categories", List.of());
        a.put("whiten", false);
        a.put("id_filter", List.of());
        a.put("subsets", List.of());
        return task.run(new TaskArgs(a));
    }

    private static PcaTask.Config config(int max) {
        return new PcaTask.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return PcaTask.Config.class;
            }

            @Override
            public int pca_max_components() {
                return max;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static void assertComponents(Map<String, Object> result, int k) {
        Map<String, Object> data = (Map<String, Object>) result.get("data");
        Map<String, Object> loadings = (Map<String, Object>) result.get("loadings");
        double[] ratios = (double[]) result.get("variance_ratios");
        assertEquals(k, ratios.length);
        List<String> keys = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            keys.add(Integer.toString(c));
        }
        List<String> dataKeys = new ArrayList<>(keys);
        dataKeys.addAll(List.of("id", "subset", "category"));
        assertEquals(dataKeys, new ArrayList<>(data.keySet()));
        List<String> loadingKeys = new ArrayList<>(keys);
        loadingKeys.add("feature");
        assertEquals(loadingKeys, new ArrayList<>(loadings.keySet()));
        assertEquals(40, ((double[]) data.get("0")).length);
        assertEquals(60, ((double[]) loadings.get("0")).length);
    }

    @Test
    void defaultReturnsTheTenLeadingComponentsOfTheFullPca() throws AnalyticsException {
        Map<String, Object> all = run(new PcaTask(1000));
        assertComponents(all, 40);
        Map<String, Object> ten = run(new PcaTask());
        assertComponents(ten, 10);
        double[] allRatios = (double[]) all.get("variance_ratios");
        double[] tenRatios = (double[]) ten.get("variance_ratios");
        double sum = 0;
        for (int c = 0; c < 10; c++) {
            // fractions of the total variance, not renormalised over the ten
            assertEquals(allRatios[c], tenRatios[c], 1e-12);
            sum += tenRatios[c];
        }
        assertTrue(sum < 0.99, "ten of 40 random components explain " + sum);
        @SuppressWarnings("unchecked")
        double[] s0 = (double[]) ((Map<String, Object>) ten.get("data")).get("9");
        @SuppressWarnings("unchecked")
        double[] a0 = (double[]) ((Map<String, Object>) all.get("data")).get("9");
        for (int i = 0; i < s0.length; i++) {
            assertEquals(a0[i], s0[i], 1e-9 * Math.abs(a0[i]) + 1e-12);
        }
    }

    @Test
    void configuredMaximum() throws AnalyticsException {
        assertComponents(run(new PcaTask(config(2))), 2);
        assertComponents(run(new PcaTask(config(25))), 25);
        assertComponents(run(new PcaTask(config(1))), 2); // the client needs two
        assertComponents(run(new PcaTask(config(500))), 40); // more than min(n, p): all of them
    }
}
