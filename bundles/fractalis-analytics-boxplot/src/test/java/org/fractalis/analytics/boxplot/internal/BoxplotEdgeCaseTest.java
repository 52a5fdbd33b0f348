package org.fractalis.analytics.boxplot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.JsonText;
import org.fractalis.api.analytics.TaskArgs;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.junit.jupiter.api.Test;

/** Rules of golden README §4.2 that the visible cases do not pin down. */
class BoxplotEdgeCaseTest {

    private static Frame num(String feature, double... values) {
        Frame.Builder b = Frame.builder(DataKind.NUMERICAL);
        for (int i = 0; i < values.length; i++) {
            b.add("P" + (i + 1), feature, values[i]);
        }
        return b.build();
    }

    private static Map<String, Object> run(String transformation, Frame... features) throws AnalyticsException {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("features", List.of(features));
        a.put("categories", List.of());
        a.put("id_filter", List.of());
        a.put("transformation", transformation);
        a.put("subsets", List.of());
        return new BoxplotTask().run(new TaskArgs(a));
    }

    @Test
    void constantGroupFailsTheWholeTask() {
        AnalyticsException e = assertThrows(AnalyticsException.class,
                () -> run("identity", num("a", 1, 2, 3), num("b", 4, 4, 4)));
        assertEquals("LinAlgError", e.type());
    }

    @Test
    void noGroupWithTwoValuesIsAnError() {
        assertThrows(AnalyticsException.class, () -> run("identity", num("a", 1, 0, Double.NaN)));
    }

    @Test
    void zerosAndLogOfNegativesAreDroppedAndSingletonGroupsHaveNullOutlier() throws AnalyticsException {
        Map<String, Object> r = run("log2(x)", num("a", 0, -1, 2, 4, 8, 1024), num("b", 16));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> data = (List<Map<String, Object>>) ((JsonText) r.get("data")).value();
        assertEquals(5, data.size());
        assertEquals(1.0, (Double) data.get(0).get("value"), 0);
        assertEquals(Boolean.TRUE, data.get(3).get("outlier")); // log2(1024) = 10 is beyond the upper fence
        assertNull(data.get(4).get("outlier")); // feature b has one value: skipped group
        @SuppressWarnings("unchecked")
        Map<String, Object> stats = (Map<String, Object>) r.get("statistics");
        assertEquals(List.of("a////s1"), List.copyOf(stats.keySet()));
        @SuppressWarnings("unchecked")
        Map<String, Object> anova = (Map<String, Object>) r.get("anova");
        assertTrue(Double.isNaN((Double) anova.get("f_value")));
    }

    @Test
    void unknownTransformationKeepsValues() throws AnalyticsException {
        Map<String, Object> r = run("sqrt(x)", num("a", 1, 2, 3));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> stats = (Map<String, Map<String, Object>>) (Map<?, ?>) r.get("statistics");
        assertEquals(2.0, (Double) stats.get("a////s1").get("median"), 0);
    }
}
