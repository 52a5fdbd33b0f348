package org.fractalis.analytics.histogram.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.TaskArgs;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.junit.jupiter.api.Test;

/** Rules of golden README §4.3 that the visible cases do not pin down. */
class HistogramEdgeCaseTest {

    private static Map<String, Object> run(List<List<String>> subsets, double... values) throws AnalyticsException {
        return run(4, subsets, values);
    }

    private static Map<String, Object> run(Object numBins, List<List<String>> subsets, double... values)
            throws AnalyticsException {
        Frame.Builder b = Frame.builder(DataKind.NUMERICAL);
        for (int i = 0; i < values.length; i++) {
            b.add("P" + (i + 1), "v", values[i]);
        }
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("bw_factor", 0.5);
        a.put("num_bins", numBins);
        a.put("id_filter", List.of());
        a.put("subsets", subsets);
        a.put("data", b.build());
        a.put("categories", List.of());
        return new HistogramTask().run(new TaskArgs(a));
    }

    @Test
    void constantGroupFails() {
        AnalyticsException e = assertThrows(AnalyticsException.class, () -> run(List.of(), 2, 2, 2));
        assertEquals("LinAlgError", e.type());
    }

    @Test
    void countsAndStatsPerSubset() throws AnalyticsException {
        Map<String, Object> r = run(List.of(List.of("P1"), List.of("P1", "P2", "P3", "P4", "P5")), 0, 1, 2, 3, 4);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Map<String, Object>>> stats = (Map<String, Map<String, Map<String, Object>>>) r
                .get("stats");
        // subset 0 has one value: skipped
        assertEquals(List.of("1"), List.copyOf(stats.get("").keySet()));
        Map<String, Object> s = stats.get("").get("1");
        assertArrayEquals(new long[] {1, 1, 1, 2}, (long[]) s.get("hist"));
        assertArrayEquals(new double[] {0, 1, 2, 3, 4}, (double[]) s.get("bin_edges"), 0);
        assertEquals(2.0, (Double) s.get("median"), 0);
        assertEquals(Math.sqrt(2), (Double) s.get("std"), 1e-15);
        assertEquals(200, ((double[]) s.get("dist")).length);
        assertEquals("v", r.get("label"));
    }

    /** Issue 10: 5,000,000 bins made a 74 MB result; the bound is checked before anything is computed. */
    @Test
    void numBinsIsBounded() throws AnalyticsException {
        for (Object bins : List.<Object>of(5_000_000, 10_001, 3_000_000_000L, 1e12)) {
            AnalyticsException e = assertThrows(AnalyticsException.class, () -> run(bins, List.of(), 0, 1, 2, 3));
            assertEquals("ValueError", e.type());
            assertEquals("num_bins must be between 1 and 10000, not "
                    + new java.math.BigDecimal(bins.toString()).toPlainString(), e.getMessage());
        }
        Map<String, Object> r = run(10_000, List.of(), 0, 1, 2, 3);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Map<String, Object>>> stats = (Map<String, Map<String, Map<String, Object>>>) r
                .get("stats");
        assertEquals(10_000, ((long[]) stats.get("").get("0").get("hist")).length);
        assertEquals("`bins` must be positive, when an integer",
                assertThrows(AnalyticsException.class, () -> run(0, List.of(), 0, 1, 2)).getMessage());
    }
}
