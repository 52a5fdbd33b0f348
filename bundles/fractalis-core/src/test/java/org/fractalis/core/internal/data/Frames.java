package org.fractalis.core.internal.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.fractalis.api.data.Frame;

/** Test helpers for comparing frames row by row (Frame has no equals). */
public final class Frames {
    private Frames() {
    }

    /** Same kind, same rows in the same order; NaN equals NaN, null strings equal null. */
    public static void assertSameRows(Frame expected, Frame actual) {
        assertEquals(expected.kind(), actual.kind(), "kind");
        assertEquals(expected.size(), actual.size(), "rows");
        for (int i = 0; i < expected.size(); i++) {
            final int row = i;
            assertEquals(expected.id(i), actual.id(i), () -> "id of row " + row);
            assertEquals(expected.feature(i), actual.feature(i), () -> "feature of row " + row);
            if (expected.kind().isNumeric()) {
                // compare bits so that NaN == NaN and -0.0 != 0.0
                assertEquals(Double.doubleToRawLongBits(expected.number(i)), Double.doubleToRawLongBits(actual.number(i)),
                        () -> "value of row " + row);
            } else {
                assertEquals(expected.string(i), actual.string(i), () -> "value of row " + row);
            }
        }
    }

    /** Whether two frames hold the same rows (no assertion). */
    public static boolean sameRows(Frame a, Frame b) {
        try {
            assertSameRows(a, b);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    /** A seeded samples x features numerical array (long format), with about 2 % missing values. */
    public static Frame matrix(int samples, int features, long seed) {
        Frame.Builder b = Frame.builder(org.fractalis.api.data.DataKind.NUMERICAL_ARRAY);
        java.util.Random r = new java.util.Random(seed);
        for (int s = 0; s < samples; s++) {
            for (int f = 0; f < features; f++) {
                b.add("s" + s, "f" + f, r.nextInt(50) == 0 ? Double.NaN : r.nextGaussian() * 3 + 8);
            }
        }
        return b.build();
    }
}
