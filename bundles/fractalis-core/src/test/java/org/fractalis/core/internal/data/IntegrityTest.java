package org.fractalis.core.internal.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.junit.jupiter.api.Test;

/** The integrity rules of SOURCES.md §2 with the original's messages, word for word. */
class IntegrityTest {
    private static final String NOT_A_FRAME = "Data must be a pandas.DataFrame.";
    private static final String VALUE_STRING = "'value' column must be of type 'object' ('string').";
    private static final String VALUE_NUMBER = "'value' column must be of type 'np.int' or 'np.float'.";
    private static final String ID_UNIQUE = "'id' column must be unique for this data type.";
    private static final String ONE_FEATURE = "'feature' column must contain exactly one unique value for this data type.";
    private static final String PAIR_UNIQUE = "Every combination of 'id' and 'feature' must be unique.";

    @Test
    void noFrameIsNotAFrame() {
        for (DataKind k : DataKind.values()) {
            assertEquals(NOT_A_FRAME, Integrity.check(null, k));
        }
    }

    @Test
    void validFramesPass() {
        assertNull(Integrity.check(Frame.builder(DataKind.CATEGORICAL).add("a", "sex", "m").add("b", "sex", (String) null)
                .build(), DataKind.CATEGORICAL));
        assertNull(Integrity.check(Frame.builder(DataKind.NUMERICAL).add("a", "age", 1).add("b", "age", Double.NaN)
                .build(), DataKind.NUMERICAL));
        assertNull(Integrity.check(Frame.builder(DataKind.NUMERICAL_ARRAY).add("a", "g1", 1).add("a", "g2", 2)
                .add("b", "g1", 3).add("b", "g2", Double.NaN).build(), DataKind.NUMERICAL_ARRAY));
    }

    @Test
    void categoricalNeedsStringValues() {
        Frame numbers = Frame.builder(DataKind.NUMERICAL).add("a", "sex", 1).build();
        assertEquals(VALUE_STRING, Integrity.check(numbers, DataKind.CATEGORICAL));
        Frame arrays = Frame.builder(DataKind.NUMERICAL_ARRAY).add("a", "sex", 1).build();
        assertEquals(VALUE_STRING, Integrity.check(arrays, DataKind.CATEGORICAL));
    }

    @Test
    void numericKindsNeedNumberValues() {
        Frame strings = Frame.builder(DataKind.CATEGORICAL).add("a", "age", "1").build();
        assertEquals(VALUE_NUMBER, Integrity.check(strings, DataKind.NUMERICAL));
        assertEquals(VALUE_NUMBER, Integrity.check(strings, DataKind.NUMERICAL_ARRAY));
    }

    @Test
    void numericalFrameAnnouncedAsArrayAndViceVersaAreRefused() {
        Frame numerical = Frame.builder(DataKind.NUMERICAL).add("a", "age", 1).build();
        assertEquals(VALUE_NUMBER, Integrity.check(numerical, DataKind.NUMERICAL_ARRAY));
        Frame array = Frame.builder(DataKind.NUMERICAL_ARRAY).add("a", "age", 1).build();
        assertEquals(VALUE_NUMBER, Integrity.check(array, DataKind.NUMERICAL));
    }

    @Test
    void scalarKindsNeedUniqueIds() {
        assertEquals(ID_UNIQUE, Integrity.check(Frame.builder(DataKind.CATEGORICAL).add("a", "sex", "m")
                .add("a", "sex", "f").build(), DataKind.CATEGORICAL));
        assertEquals(ID_UNIQUE, Integrity.check(Frame.builder(DataKind.NUMERICAL).add("a", "age", 1)
                .add("a", "age", 2).build(), DataKind.NUMERICAL));
    }

    @Test
    void scalarKindsNeedExactlyOneFeature() {
        assertEquals(ONE_FEATURE, Integrity.check(Frame.builder(DataKind.CATEGORICAL).add("a", "sex", "m")
                .add("b", "race", "x").build(), DataKind.CATEGORICAL));
        assertEquals(ONE_FEATURE, Integrity.check(Frame.builder(DataKind.NUMERICAL).add("a", "age", 1)
                .add("b", "height", 2).build(), DataKind.NUMERICAL));
    }

    @Test
    void emptyScalarFramesFailTheFeatureRule() {
        assertEquals(ONE_FEATURE, Integrity.check(Frame.builder(DataKind.CATEGORICAL).build(), DataKind.CATEGORICAL));
        assertEquals(ONE_FEATURE, Integrity.check(Frame.builder(DataKind.NUMERICAL).build(), DataKind.NUMERICAL));
    }

    @Test
    void arraysNeedUniqueIdFeaturePairsButMayHaveManyFeaturesAndRepeatedIds() {
        assertEquals(PAIR_UNIQUE, Integrity.check(Frame.builder(DataKind.NUMERICAL_ARRAY).add("a", "g1", 1)
                .add("b", "g1", 2).add("a", "g1", 3).build(), DataKind.NUMERICAL_ARRAY));
        // an empty array has no rule that fails (the original has no one-feature rule for arrays)
        assertNull(Integrity.check(Frame.builder(DataKind.NUMERICAL_ARRAY).build(), DataKind.NUMERICAL_ARRAY));
    }

    @Test
    void arrayPairCheckDoesNotConfuseDistinctPairs() {
        // many ids x features: every pair unique, codes that would collide under a naive (id + feature) key
        Frame.Builder b = Frame.builder(DataKind.NUMERICAL_ARRAY);
        for (int i = 0; i < 200; i++) {
            for (int f = 0; f < 200; f++) {
                b.add("id" + i, "f" + f, i * f);
            }
        }
        assertNull(Integrity.check(b.build(), DataKind.NUMERICAL_ARRAY));
    }

    @Test
    void firstFailureWins() {
        // duplicate ids and two features: the id rule comes first
        Frame f = Frame.builder(DataKind.CATEGORICAL).add("a", "sex", "m").add("a", "race", "x").build();
        assertEquals(ID_UNIQUE, Integrity.check(f, DataKind.CATEGORICAL));
        // wrong value type and duplicate ids: the value rule comes first
        Frame g = Frame.builder(DataKind.NUMERICAL).add("a", "age", 1).add("a", "age", 1).build();
        assertEquals(VALUE_STRING, Integrity.check(g, DataKind.CATEGORICAL));
    }
}
