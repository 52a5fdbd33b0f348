package org.fractalis.analytics.survival.internal;

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

class SurvivalEdgeCaseTest {

    private static Frame durations(double... values) {
        Frame.Builder b = Frame.builder(DataKind.NUMERICAL);
        for (int i = 0; i < values.length; i++) {
            b.add("P" + (i + 1), "months", values[i]);
        }
        return b.build();
    }

    private static Map<String, Object> run(Frame d, List<Frame> events, String estimator) throws AnalyticsException {
        Map<String, Object> a = new HashMap<>();
        a.put("durations", List.of(d));
        a.put("categories", List.of());
        a.put("event_observed", events);
        a.put("estimator", estimator);
        a.put("id_filter", List.of());
        a.put("subsets", List.of());
        return new SurvivalTask().run(new TaskArgs(a));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> group(Map<String, Object> result, String category, String subset) {
        return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) result.get("stats"))
                .get(category)).get(subset);
    }

    @Test
    void anyEventValueCountsAsObserved() throws AnalyticsException {
        Frame ev = Frame.builder(DataKind.CATEGORICAL).add("P1", "vital", "alive").add("P3", "vital", "dead")
                .add("P4", "vital", null).build();
        Map<String, Object> r = run(durations(1, 2, 3, 4, 5), List.of(ev), "KaplanMeier");
        Map<String, Object> g = group(r, "", "0");
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, (double[]) g.get("timeline"), 0.0);
        // events at 1 ("alive") and 3; 2, 4 (null value) and 5 (no row) are censored
        assertArrayEquals(new double[] {1, 0.8, 0.8, 0.8 * 2 / 3, 0.8 * 2 / 3, 0.8 * 2 / 3},
                (double[]) g.get("estimate"), 1e-15);
        assertEquals("months", r.get("label"));
        assertEquals(List.of(""), r.get("categories"));
        assertArrayEquals(new int[] {0}, (int[]) r.get("subsets"));
    }

    @Test
    void unknownEstimatorOnlyFailsWhenAGroupIsLargeEnough() throws AnalyticsException {
        Map<String, Object> r = run(durations(1, 2, Double.NaN, 3), List.of(), "Weibull");
        assertTrue(((Map<?, ?>) r.get("stats")).isEmpty()); // 3 durations: skipped before the estimator check
        AnalyticsException e = assertThrows(AnalyticsException.class,
                () -> run(durations(1, 2, 4, 3), List.of(), "Weibull"));
        assertEquals("ValueError", e.type());
        assertEquals("Unknown estimator: Weibull", e.getMessage());
    }

    @Test
    void nelsonAalenStartsAtZero() throws AnalyticsException {
        Map<String, Object> r = run(durations(3, 3, 1, 7), List.of(), "NelsonAalen");
        Map<String, Object> g = group(r, "", "0");
        double[] est = (double[]) g.get("estimate");
        assertEquals(0.0, est[0], 0.0);
        assertEquals(0.0, ((double[]) g.get("ci_lower"))[0], 0.0);
        assertEquals(0.25 + 1.0 / 3 + 1.0 / 2 + 1.0, est[3], 1e-15);
    }
}
