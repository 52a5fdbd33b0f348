package org.fractalis.core.internal.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.junit.jupiter.api.Test;

/** The integrity rules per kind, and messages that tell a connector's author what the frame violated. */
class IntegrityTest {
    private static final String NO_FRAME =
            "The connector returned no frame (Connector.load must return a Frame, never null).";

    private static String announced(String declared, String returned) {
        return "The connector announced a " + declared + " variable but returned a " + returned
                + " frame (Frame.kind() must be the DataKind that Connector.kind returned).";
    }

    @Test
    void noFrameIsNamed() {
        for (DataKind k : DataKind.values()) {
            assertEquals(NO_FRAME, Integrity.check(null, k));
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
    void aFrameOfAnotherKindThanAnnouncedIsNamedWithBothKinds() {
        Frame numbers = Frame.builder(DataKind.NUMERICAL).add("a", "sex", 1).build();
        assertEquals(announced("categorical", "numerical"), Integrity.check(numbers, DataKind.CATEGORICAL));
        Frame strings = Frame.builder(DataKind.CATEGORICAL).add("a", "age", "1").build();
        assertEquals(announced("numerical", "categorical"), Integrity.check(strings, DataKind.NUMERICAL));
        assertEquals(announced("numerical_array", "categorical"), Integrity.check(strings, DataKind.NUMERICAL_ARRAY));
        Frame array = Frame.builder(DataKind.NUMERICAL_ARRAY).add("a", "age", 1).build();
        assertEquals(announced("numerical", "numerical_array"), Integrity.check(array, DataKind.NUMERICAL));
    }

    @Test
    void duplicateIdsAreCountedAndQuoted() {
        assertEquals("A categorical frame must hold each id once; 1 of its 2 rows repeat an id, e.g. 'a'.",
                Integrity.check(Frame.builder(DataKind.CATEGORICAL).add("a", "sex", "m").add("a", "sex", "f").build(),
                        DataKind.CATEGORICAL));
        Frame.Builder b = Frame.builder(DataKind.NUMERICAL);
        for (String id : new String[] {"p1", "p2", "p1", "p3", "p2", "p4", "p4", "p5", "p5"}) {
            b.add(id, "age", 1);
        }
        assertEquals("A numerical frame must hold each id once; 4 of its 9 rows repeat an id, e.g. 'p1', 'p2', 'p4'.",
                Integrity.check(b.build(), DataKind.NUMERICAL));
    }

    @Test
    void scalarKindsNeedExactlyOneFeature() {
        assertEquals("A categorical frame must have exactly one feature (the variable); this one has 2: 'sex', 'race'.",
                Integrity.check(Frame.builder(DataKind.CATEGORICAL).add("a", "sex", "m").add("b", "race", "x").build(),
                        DataKind.CATEGORICAL));
        Frame.Builder many = Frame.builder(DataKind.NUMERICAL);
        for (int i = 0; i < 5; i++) {
            many.add("p" + i, "f" + i, i);
        }
        assertEquals("A numerical frame must have exactly one feature (the variable); this one has 5: 'f0', 'f1', 'f2', "
                + "….", Integrity.check(many.build(), DataKind.NUMERICAL));
    }

    @Test
    void emptyScalarFramesFailTheFeatureRule() {
        assertEquals("A categorical frame must have exactly one feature (the variable); this one has 0.",
                Integrity.check(Frame.builder(DataKind.CATEGORICAL).build(), DataKind.CATEGORICAL));
    }

    @Test
    void arraysNeedUniqueIdFeaturePairsButMayHaveManyFeaturesAndRepeatedIds() {
        assertEquals("A numerical_array frame must hold each (id, feature) pair once; 1 of its 3 rows repeat one, "
                + "e.g. ('a', 'g1').", Integrity.check(Frame.builder(DataKind.NUMERICAL_ARRAY).add("a", "g1", 1)
                        .add("b", "g1", 2).add("a", "g1", 3).build(), DataKind.NUMERICAL_ARRAY));
        // an empty array breaks no rule (arrays have no one-feature rule)
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
        assertEquals("A categorical frame must hold each id once; 1 of its 2 rows repeat an id, e.g. 'a'.",
                Integrity.check(f, DataKind.CATEGORICAL));
        // wrong kind and duplicate ids: the kind rule comes first
        Frame g = Frame.builder(DataKind.NUMERICAL).add("a", "age", 1).add("a", "age", 1).build();
        assertEquals(announced("categorical", "numerical"), Integrity.check(g, DataKind.CATEGORICAL));
    }
}
