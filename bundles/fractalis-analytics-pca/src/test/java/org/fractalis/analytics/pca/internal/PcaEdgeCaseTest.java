package org.fractalis.analytics.pca.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.TaskArgs;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.junit.jupiter.api.Test;

class PcaEdgeCaseTest {

    private static Frame numerical(String feature, String[] ids, double... values) {
        Frame.Builder b = Frame.builder(DataKind.NUMERICAL);
        for (int i = 0; i < ids.length; i++) {
            b.add(ids[i], feature, values[i]);
        }
        return b.build();
    }

    private static Map<String, Object> run(List<Frame> features, List<?> subsets, List<String> idFilter)
            throws AnalyticsException {
        Map<String, Object> a = new HashMap<>();
        a.put("features", features);
        a.put("categories", List.of());
        a.put("whiten", false);
        a.put("id_filter", idFilter);
        a.put("subsets", subsets);
        return new PcaTask().run(new TaskArgs(a));
    }

    private static final String[] IDS = {"P2", "P10", "P1", "P3"};

    @Test
    void featureWithoutAnyValueFails() {
        Frame a = numerical("a", IDS, 1, 2, 3, 5);
        Frame b = numerical("b", IDS, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        AnalyticsException e = assertThrows(AnalyticsException.class, () -> run(List.of(a, b), List.of(), List.of()));
        assertEquals("ValueError", e.type());
        assertTrue(e.getMessage().contains("[b]"));
    }

    @Test
    void oneSampleFails() {
        Frame a = numerical("a", IDS, 1, 2, 3, 5);
        Frame b = numerical("b", IDS, 4, 2, 1, 5);
        AnalyticsException e = assertThrows(AnalyticsException.class,
                () -> run(List.of(a, b), List.of(), List.of("P3")));
        assertEquals("ValueError", e.type());
    }

    @Test
    void constantDataFailsInsteadOfReturningNaN() {
        Frame a = numerical("a", IDS, 1, 1, 1, 1);
        assertThrows(AnalyticsException.class, () -> run(List.of(a), List.of(), List.of()));
    }

    @Test
    void idsAreSortedAndSubsetsRepeatRows() throws AnalyticsException {
        Frame a = numerical("a", IDS, 1, 2, 3, 5);
        Frame b = numerical("b", IDS, 4, 2, 1, 6);
        Map<String, Object> r = run(List.of(b, a), List.of(List.of("P3", "P1"), List.of("P1", "nobody")), List.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) r.get("data");
        // pivot order P1 < P10 < P2 < P3; subset 0 keeps the pivot order, P1 repeats in subset 1
        assertArrayEquals(new String[] {"P1", "P3", "P1"}, (String[]) data.get("id"));
        assertArrayEquals(new int[] {0, 0, 1}, (int[]) data.get("subset"));
        assertEquals(java.util.Arrays.asList("", "", ""), data.get("category"));
        double[] pc0 = (double[]) data.get("0");
        assertEquals(pc0[0], pc0[2], 0.0);
        @SuppressWarnings("unchecked")
        Map<String, Object> loadings = (Map<String, Object>) r.get("loadings");
        assertArrayEquals(new String[] {"a", "b"}, (String[]) loadings.get("feature"));
        assertEquals(2, ((double[]) r.get("variance_ratios")).length);
    }

    @Test
    void noMatchingSubsetFails() {
        Frame a = numerical("a", IDS, 1, 2, 3, 5);
        AnalyticsException e = assertThrows(AnalyticsException.class,
                () -> run(List.of(a), List.of(List.of("X")), List.of()));
        assertEquals("No data match given subsets.", e.getMessage());
    }
}
