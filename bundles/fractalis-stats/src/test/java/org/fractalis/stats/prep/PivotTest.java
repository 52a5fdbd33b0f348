package org.fractalis.stats.prep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.junit.jupiter.api.Test;

/** The pivot read straight from frames is the pivot of their long table, for matrix and long frames alike. */
class PivotTest {

    /** A dense matrix of random values, ids and features in a scrambled (unsorted) order, some cells NaN. */
    private static Frame matrix(Random r, String idPrefix, int ni, String featurePrefix, int nf) {
        String[] ids = new String[ni];
        for (int i = 0; i < ni; i++) {
            ids[i] = idPrefix + ((i * 7) % ni);
        }
        String[] features = new String[nf];
        for (int f = 0; f < nf; f++) {
            features[f] = featurePrefix + ((f * 5) % nf);
        }
        double[] values = new double[ni * nf];
        for (int c = 0; c < values.length; c++) {
            values[c] = r.nextInt(10) == 0 ? Double.NaN : r.nextGaussian();
        }
        return Frame.matrix(DataKind.NUMERICAL_ARRAY, ids, features, values);
    }

    /** The same cells as a long frame, some rows left out (absent cells). */
    private static Frame sparseLong(Frame m, Random r) {
        Frame.Builder b = Frame.builder(DataKind.NUMERICAL_ARRAY);
        for (int row = 0; row < m.size(); row++) {
            if (r.nextInt(4) != 0) {
                b.add(m.id(row), m.feature(row), m.number(row));
            }
        }
        return b.build();
    }

    private static void assertSamePivot(Pivot expected, Pivot actual) {
        assertArrayEquals(expected.ids(), actual.ids());
        assertArrayEquals(expected.features(), actual.features());
        double[] e = expected.values();
        double[] a = actual.values();
        assertEquals(e.length, a.length);
        for (int c = 0; c < e.length; c++) {
            assertEquals(Double.doubleToLongBits(e[c]), Double.doubleToLongBits(a[c]), "cell " + c);
        }
    }

    private static void assertSameAsLongTable(List<Frame> frames, Set<String> keep) throws AnalyticsException {
        RowTable table = RowTable.concat(frames);
        if (keep != null) {
            table = table.filterIds(keep.isEmpty() ? Set.of("\u0000none") : keep);
        }
        Pivot direct = Pivot.of(frames, keep);
        if (table.isEmpty()) {
            assertEquals(0, direct.idCount());
            return;
        }
        Pivot viaTable = Pivot.of(table);
        assertSamePivot(viaTable, direct);
        Pivot.Rows rows = Pivot.rowsOf(frames, keep);
        assertArrayEquals(viaTable.ids(), rows.ids());
        assertArrayEquals(viaTable.features(), rows.features());
        for (int f = 0; f < rows.rows().length; f++) {
            assertArrayEquals(viaTable.row(f), rows.rows()[f]);
        }
    }

    @Test
    void matrixLongAndMixedFramesPivotAsTheirLongTable() throws Exception {
        Random r = new Random(11);
        Frame a = matrix(r, "p", 23, "g", 17);
        Frame b = matrix(r, "q", 9, "g", 17); // other samples, same genes
        Frame c = matrix(r, "p", 23, "h", 6); // same samples, other genes
        Frame sparse = sparseLong(matrix(r, "s", 12, "g", 31), r);
        Set<String> some = new HashSet<>(List.of("p3", "p10", "q2", "s4", "s11", "nobody"));
        for (List<Frame> frames : List.of(List.of(a), List.of(sparse), List.of(a, b), List.of(a, c, sparse),
                List.of(sparse, b))) {
            assertSameAsLongTable(frames, null);
            assertSameAsLongTable(frames, some);
            assertSameAsLongTable(frames, Set.of());
        }
    }

    @Test
    void aCellGivenTwiceIsPandasError() {
        Random r = new Random(5);
        Frame a = matrix(r, "p", 4, "g", 3);
        Frame overlap = a.withIds(Set.of("p1"));
        AnalyticsException e = assertThrows(AnalyticsException.class, () -> Pivot.of(List.of(a, overlap), null));
        assertEquals("ValueError: Index contains duplicate entries, cannot reshape", e.clientMessage());
        // ... unless the id filter leaves the repeated cells out
        assertEquals(3, assertDoesNotThrow(List.of(a, overlap), Set.of("p0", "p2", "p3")).idCount());
    }

    private static Pivot assertDoesNotThrow(List<Frame> frames, Set<String> keep) {
        try {
            return Pivot.of(frames, keep);
        } catch (AnalyticsException e) {
            throw new AssertionError(e.clientMessage(), e);
        }
    }

    @Test
    void categoricalFramesAreRefusedAsByTheLongTable() {
        Frame cat = Frame.builder(DataKind.CATEGORICAL).add("p1", "sex", "f").build();
        assertThrows(IllegalArgumentException.class, () -> Pivot.of(List.of(cat), null));
        assertThrows(IllegalArgumentException.class, () -> RowTable.concat(List.of(cat)));
    }
}
