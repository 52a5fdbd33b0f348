package org.fractalis.stats.prep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.junit.jupiter.api.Test;

class RowTableTest {

    private static Frame num(String feature, Object... idValue) {
        Frame.Builder b = Frame.builder(DataKind.NUMERICAL);
        for (int i = 0; i < idValue.length; i += 2) {
            b.add((String) idValue[i], feature, ((Number) idValue[i + 1]).doubleValue());
        }
        return b.build();
    }

    private static Frame cat(String feature, String... idValue) {
        Frame.Builder b = Frame.builder(DataKind.CATEGORICAL);
        for (int i = 0; i < idValue.length; i += 2) {
            b.add(idValue[i], feature, idValue[i + 1]);
        }
        return b.build();
    }

    private static List<String> ids(RowTable t) {
        String[] out = new String[t.size()];
        for (int r = 0; r < t.size(); r++) {
            out[r] = t.id(r);
        }
        return Arrays.asList(out);
    }

    @Test
    void concatKeepsOrderAndSharesCodes() {
        RowTable t = RowTable.concat(List.of(num("a", "P1", 1, "P2", 2), num("b", "P2", 3, "P3", Double.NaN)));
        assertEquals(4, t.size());
        assertEquals(List.of("P1", "P2", "P2", "P3"), ids(t));
        assertEquals(List.of("a", "b"), t.featureOrder());
        assertEquals(t.idCode(1), t.idCode(2));
        assertEquals(3, t.dropNaN().size());
        RowTable u = RowTable.of(num("a", "P1", Double.NaN, "P2", 2)).dropNaN();
        assertEquals(1, u.size());
        assertEquals(1, u.source(0));
    }

    @Test
    void idFilterEmptyMeansAll() {
        RowTable t = RowTable.of(num("a", "P1", 1, "P2", 2, "P3", 3));
        assertEquals(3, t.filterIds(List.of()).size());
        assertEquals(List.of("P1", "P3"), ids(t.filterIds(List.of("P3", "P1", "X"))));
    }

    @Test
    void subsetsInOrderWithDuplicatesAndSkippedIndices() throws AnalyticsException {
        RowTable t = RowTable.of(num("a", "P1", 1, "P2", 2, "P3", 3, "P4", 4));
        RowTable s = t.applySubsets(List.of(List.of("P3", "P1"), List.of("Z"), List.of("P1", "P4")));
        assertEquals(List.of("P1", "P3", "P1", "P4"), ids(s));
        assertEquals(0, s.subset(0));
        assertEquals(0, s.subset(1));
        assertEquals(2, s.subset(2));
        assertArrayEquals(new int[] {0, 2}, s.subsetOrder());
        assertEquals(0, s.source(2));
        RowTable all = t.applySubsets(List.of());
        assertArrayEquals(new int[] {0}, all.subsetOrder());
        assertEquals(4, all.size());
    }

    @Test
    void noMatchingSubsetFails() {
        RowTable t = RowTable.of(num("a", "P1", 1));
        AnalyticsException e = assertThrows(AnalyticsException.class, () -> t.applySubsets(List.of(List.of("Z"))));
        assertEquals("No data match given subsets.", e.getMessage());
        assertEquals("ValueError", e.type());
        RowTable empty = t.filterIds(List.of("nobody"));
        assertThrows(AnalyticsException.class, () -> empty.applySubsets(List.of()));
    }

    @Test
    void categoriesJoinedInArgumentOrderNullWhenNoRow() throws AnalyticsException {
        RowTable t = RowTable.of(num("a", "P1", 1, "P2", 2, "P3", 3, "P4", 4)).applySubsets(List.of());
        Frame sex = cat("sex", "P2", "m", "P1", "f", "P4", null);
        Frame stage = cat("stage", "P1", "I", "P3", "II");
        RowTable c = t.applyCategories(List.of(sex, stage));
        assertEquals("f AND I", c.category(0));
        assertEquals("m", c.category(1));
        assertEquals("II", c.category(2));
        assertEquals("", c.category(3)); // has a row, but the value is missing
        RowTable d = t.applyCategories(List.of(stage));
        assertEquals(Arrays.asList("I", null, "II", null),
                Arrays.asList(d.category(0), d.category(1), d.category(2), d.category(3)));
        assertEquals(Arrays.asList("I", null, "II"), d.categoryOrder());
        assertEquals(0, d.rows(RowTable.ANY, RowTable.ANY, RowTable.NULL_CATEGORY).length);
        RowTable none = t.applyCategories(List.of());
        assertEquals(List.of(""), none.categoryOrder());
    }

    @Test
    void groupsAndSelect() throws AnalyticsException {
        RowTable t = RowTable.concat(List.of(num("a", "P1", 1, "P2", 2), num("b", "P1", 3, "P2", 4)))
                .applySubsets(List.of(List.of("P1"), List.of("P1", "P2")))
                .applyCategories(List.of());
        int a = t.featureCodeOrder()[0];
        assertArrayEquals(new double[] {1, 2}, t.values(t.rows(a, 1, RowTable.ANY)));
        assertArrayEquals(new double[] {3}, t.values(t.rows(t.featureCodeOrder()[1], 0, 0)));
    }

    @Test
    void groupsInNestedLoopOrder() throws AnalyticsException {
        RowTable t = RowTable.concat(List.of(num("b", "P1", 1, "P2", 2, "P3", 3, "P4", 4), num("a", "P1", 5, "P3", 6)))
                .applySubsets(List.of(List.of("P3", "P4"), List.of("P1", "P2", "P3")))
                .applyCategories(List.of(cat("c", "P3", "y", "P1", "x", "P4", "y")));
        // P2 has no category -> in no group
        List<RowTable.Group> g = t.groups(RowTable.GroupKey.FEATURE, RowTable.GroupKey.SUBSET,
                RowTable.GroupKey.CATEGORY);
        StringBuilder sb = new StringBuilder();
        for (RowTable.Group x : g) {
            sb.append(t.featureLevels()[x.featureCode()]).append(x.subset()).append(t.categoryLevels()[x.categoryCode()])
                    .append(Arrays.toString(t.values(x.rows()))).append(' ');
            for (int r : x.rows()) {
                assertEquals(x.subset(), t.subset(r));
                assertEquals(x.featureCode(), t.featureCode(r));
                assertEquals(x.categoryCode(), t.categoryCode(r));
            }
        }
        // category order of first appearance: y (P3 in subset 0) before x
        assertEquals("b0y[3.0, 4.0] b1y[3.0] b1x[1.0] a0y[6.0] a1y[6.0] a1x[5.0] ", sb.toString());
        List<RowTable.Group> cs = t.groups(RowTable.GroupKey.CATEGORY, RowTable.GroupKey.SUBSET);
        assertEquals(3, cs.size());
        assertEquals("y", t.categoryLevels()[cs.get(0).categoryCode()]);
        assertEquals(0, cs.get(0).subset());
        assertEquals(RowTable.ANY, cs.get(0).featureCode());
        assertEquals(1, cs.get(1).subset());
        assertEquals("x", t.categoryLevels()[cs.get(2).categoryCode()]);
    }

    @Test
    void pivotSortedWithNaNForMissingCells() throws AnalyticsException {
        RowTable t = RowTable.concat(List.of(num("g2", "P10", 1, "P2", 2), num("g1", "P1", 3, "P2", Double.NaN)));
        Pivot p = Pivot.of(t);
        assertArrayEquals(new String[] {"g1", "g2"}, p.features());
        assertArrayEquals(new String[] {"P1", "P10", "P2"}, p.ids());
        assertArrayEquals(new double[] {3, Double.NaN, Double.NaN}, p.row(0));
        assertArrayEquals(new double[] {Double.NaN, 1, 2}, p.row(1));
        assertArrayEquals(new double[] {Double.NaN, 1}, p.column(1));
        assertArrayEquals(new double[] {3, Double.NaN, Double.NaN, 1, Double.NaN, 2}, p.transposed());
        assertEquals(2, p.idIndex("P2"));
        assertArrayEquals(new int[] {2, 0}, p.idIndices(List.of("P2", "X", "P1")));
    }

    @Test
    void pivotRejectsDuplicateCells() throws AnalyticsException {
        RowTable t = RowTable.of(num("g", "P1", 1)).applySubsets(List.of(List.of("P1"), List.of("P1")));
        assertThrows(AnalyticsException.class, () -> Pivot.of(t));
    }

    @Test
    void pythonOrder() {
        assertTrue(PythonOrder.compare("P1", "P10") < 0);
        assertTrue(PythonOrder.compare("P10", "P2") < 0);
        assertTrue(PythonOrder.compare("B", "a") < 0);
        assertTrue(PythonOrder.compare("\uFFFF", "\uD83D\uDE00") < 0);
        assertTrue("\uFFFF".compareTo("\uD83D\uDE00") > 0);
    }
}
