package org.fractalis.api.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Matrix frames answer every accessor as the long frame with one row per cell, feature-major. */
class FrameTest {
    private static final String[] IDS = {"p1", "p2", "p3"};
    private static final String[] FEATURES = {"g1", "g2"};
    private static final double[] VALUES = {1, 2, Double.NaN, 4, 5, 6};

    private static Frame matrix() {
        return Frame.matrix(DataKind.NUMERICAL_ARRAY, IDS.clone(), FEATURES.clone(), VALUES.clone());
    }

    /** The same cells built row by row. */
    private static Frame longForm() {
        Frame.Builder b = Frame.builder(DataKind.NUMERICAL_ARRAY);
        for (int f = 0; f < FEATURES.length; f++) {
            for (int i = 0; i < IDS.length; i++) {
                b.add(IDS[i], FEATURES[f], VALUES[f * IDS.length + i]);
            }
        }
        return b.build();
    }

    private static void assertSameRows(Frame expected, Frame actual) {
        assertEquals(expected.size(), actual.size());
        for (int r = 0; r < expected.size(); r++) {
            assertEquals(expected.id(r), actual.id(r), "id of row " + r);
            assertEquals(expected.feature(r), actual.feature(r), "feature of row " + r);
            assertEquals(expected.number(r), actual.number(r), "value of row " + r);
        }
    }

    @Test
    void aMatrixReadsAsItsLongForm() {
        Frame m = matrix();
        assertTrue(m.isMatrix());
        assertFalse(longForm().isMatrix());
        assertSameRows(longForm(), m);
        assertEquals(List.of(IDS), m.ids());
        assertEquals(List.of(FEATURES), m.features());
        assertArrayEquals(longForm().idCodeColumn(), m.idCodeColumn());
        assertArrayEquals(longForm().featureCodeColumn(), m.featureCodeColumn());
        assertArrayEquals(VALUES, m.numberColumn());
        assertEquals(1, m.featureCode(3));
        assertEquals(0, m.idCode(3));
        assertThrows(IndexOutOfBoundsException.class, () -> m.idCode(6));
    }

    @Test
    void selectionsKeepTheMatrixAndItsCells() {
        Frame ids = matrix().withIds(Set.of("p3", "p1"));
        assertTrue(ids.isMatrix());
        assertSameRows(longForm().withIds(Set.of("p1", "p3")), ids);
        Frame features = matrix().withFeatures(Set.of("g2"));
        assertTrue(features.isMatrix());
        assertSameRows(longForm().withFeatures(Set.of("g2")), features);
        assertTrue(matrix().withIds(Set.of()).isEmpty());
        Frame filtered = matrix().filter(r -> r % 2 == 0);
        assertSameRows(longForm().filter(r -> r % 2 == 0), filtered);
    }

    @Test
    void aMatrixIsCheckedWhenBuilt() {
        assertThrows(IllegalArgumentException.class,
                () -> Frame.matrix(DataKind.CATEGORICAL, IDS, FEATURES, VALUES));
        assertThrows(IllegalArgumentException.class,
                () -> Frame.matrix(DataKind.NUMERICAL_ARRAY, new String[] {"p1", "p1", "p2"}, FEATURES, VALUES));
        assertThrows(IllegalArgumentException.class,
                () -> Frame.matrix(DataKind.NUMERICAL_ARRAY, IDS, new String[] {"g", "g"}, VALUES));
        assertThrows(IllegalArgumentException.class,
                () -> Frame.matrix(DataKind.NUMERICAL_ARRAY, IDS, FEATURES, new double[5]));
        assertThrows(NullPointerException.class,
                () -> Frame.matrix(DataKind.NUMERICAL_ARRAY, new String[] {"p1", null, "p3"}, FEATURES, VALUES));
        assertTrue(Frame.matrix(DataKind.NUMERICAL_ARRAY, new String[0], FEATURES, new double[0]).isEmpty());
    }

    @Test
    void rulesAcceptAMatrixAndFindRepeatedPairsInLongFrames() {
        assertNull(FrameRules.check(matrix(), DataKind.NUMERICAL_ARRAY));
        assertNull(FrameRules.check(Frame.matrix(DataKind.NUMERICAL, IDS, new String[] {"age"}, new double[3]),
                DataKind.NUMERICAL));
        assertTrue(FrameRules.check(Frame.matrix(DataKind.NUMERICAL, IDS, FEATURES, VALUES), DataKind.NUMERICAL)
                .contains("must hold each id once"));

        Frame.Builder b = Frame.builder(DataKind.NUMERICAL_ARRAY).add("p1", "g1", 1).add("p2", "g1", 2)
                .add("p1", "g1", 3);
        assertEquals("A numerical_array frame must hold each (id, feature) pair once; 1 of its 3 rows repeat one, "
                + "e.g. ('p1', 'g1').", FrameRules.check(b.build(), DataKind.NUMERICAL_ARRAY));
        // sparse: many ids and features, few rows (the sorted route)
        Frame.Builder sparse = Frame.builder(DataKind.NUMERICAL_ARRAY);
        for (int i = 0; i < 300; i++) {
            sparse.add("p" + i, "g" + i, i);
        }
        assertNull(FrameRules.check(sparse.build(), DataKind.NUMERICAL_ARRAY));
        sparse.add("p7", "g7", 0);
        assertEquals("A numerical_array frame must hold each (id, feature) pair once; 1 of its 301 rows repeat one, "
                + "e.g. ('p7', 'g7').", FrameRules.check(sparse.build(), DataKind.NUMERICAL_ARRAY));
    }
}
