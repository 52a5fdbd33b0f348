package org.fractalis.analytics.correlation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** Rules of golden README §4.1 that the visible cases do not pin down. */
class CorrelationEdgeCaseTest {

    private static Frame num(String feature, double... values) {
        Frame.Builder b = Frame.builder(DataKind.NUMERICAL);
        for (int i = 0; i < values.length; i++) {
            b.add("P" + (i + 1), feature, values[i]);
        }
        return b.build();
    }

    private static Map<String, Object> run(Frame x, Frame y, String method) throws AnalyticsException {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("x", x);
        a.put("y", y);
        a.put("method", method);
        a.put("id_filter", List.of());
        a.put("subsets", List.of());
        a.put("categories", List.of());
        return new CorrelationTask().run(new TaskArgs(a));
    }

    @Test
    void constantXGivesNullCoefPOneAndTheMinimumNormLine() throws AnalyticsException {
        Map<String, Object> r = run(num("x", 3, 3, 3, 3), num("y", 1, 2, 4, 9), "pearson");
        assertTrue(Double.isNaN((Double) r.get("coef")));
        assertEquals(1.0, (Double) r.get("p_value"), 0);
        double meanY = 4.0;
        assertEquals(meanY / (2 * 3), (Double) r.get("slope"), 1e-12);
        assertEquals(meanY / 2, (Double) r.get("intercept"), 1e-12);
    }

    @Test
    void kendallWithTwoPointsHasNoP() throws AnalyticsException {
        Map<String, Object> r = run(num("x", 1, 2), num("y", 3, 5), "kendall");
        assertEquals(1.0, (Double) r.get("coef"), 0);
        assertTrue(Double.isNaN((Double) r.get("p_value")));
    }

    @Test
    void missingValuesAreDroppedBeforeTheJoinResult() throws AnalyticsException {
        Map<String, Object> r = run(num("x", 1, Double.NaN, 3, 4), num("y", 2, 4, 6, 8.5), "spearman");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> data = (List<Map<String, Object>>) ((JsonText) r.get("data")).value();
        assertEquals(3, data.size());
        assertEquals(1.0, (Double) r.get("coef"), 0);
        assertEquals("", data.get(0).get("category"));
    }

    @Test
    void categoricalXIsRejectedWithAValueError() {
        Frame cat = Frame.builder(DataKind.CATEGORICAL).add("P1", "c", "a").build();
        AnalyticsException e = assertThrows(AnalyticsException.class, () -> run(cat, num("y", 1), "pearson"));
        assertEquals("ValueError", e.type());
    }

    @Test
    void idFilterThatRemovesEverythingFailsLikeTheOriginal() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("x", num("x", 1, 2));
        a.put("y", num("y", 1, 2));
        a.put("method", "pearson");
        a.put("id_filter", List.of("nobody"));
        a.put("subsets", List.of());
        a.put("categories", List.of());
        AnalyticsException e = assertThrows(AnalyticsException.class, () -> new CorrelationTask().run(new TaskArgs(a)));
        assertEquals("No data match given subsets.", e.getMessage());
    }
}
