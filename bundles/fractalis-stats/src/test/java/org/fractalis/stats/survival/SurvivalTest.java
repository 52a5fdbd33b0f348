package org.fractalis.stats.survival;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SurvivalTest {
    private static final double Z = 1.959963984540054;

    private static double kmUpper(double s, double v) {
        return Math.exp(-Math.exp(Math.log(-Math.log(s)) + Z * Math.sqrt(v) / Math.log(s)));
    }

    private static double kmLower(double s, double v) {
        return Math.exp(-Math.exp(Math.log(-Math.log(s)) - Z * Math.sqrt(v) / Math.log(s)));
    }

    @Test
    void kaplanMeierWithoutCensoring() {
        SurvivalCurve c = KaplanMeier.fit(new double[] {2, 1, 3, 2}, null);
        assertArrayEquals(new double[] {0, 1, 2, 3}, c.timeline(), 0.0); // birth row at 0
        assertArrayEquals(new double[] {1, 0.75, 0.25, 0}, c.estimate(), 1e-15);
        // S = 1: 0/0 in the log(-log) interval -> NaN
        assertTrue(Double.isNaN(c.ciLower()[0]) && Double.isNaN(c.ciUpper()[0]));
        double v1 = 1.0 / (4 * 3);
        double v2 = v1 + 2.0 / (3 * 1);
        assertEquals(kmLower(0.75, v1), c.ciLower()[1], 1e-14);
        assertEquals(kmUpper(0.75, v1), c.ciUpper()[1], 1e-14);
        assertEquals(kmLower(0.25, v2), c.ciLower()[2], 1e-14);
        assertEquals(kmUpper(0.25, v2), c.ciUpper()[2], 1e-14);
        assertTrue(c.ciLower()[1] < 0.75 && 0.75 < c.ciUpper()[1]);
        // S = 0: both bounds 0
        assertEquals(0.0, c.ciLower()[3], 0.0);
        assertEquals(0.0, c.ciUpper()[3], 0.0);
    }

    @Test
    void kaplanMeierWithCensoringKeepsNullBoundsWhileSurvivalIsOne() {
        // the first two times are censored only: S stays 1 and the bounds stay NaN there
        double[] t = {1, 2, 3, 4, 5};
        boolean[] e = {false, false, true, false, true};
        SurvivalCurve c = KaplanMeier.fit(t, e);
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, c.timeline(), 0.0);
        assertArrayEquals(new double[] {1, 1, 1, 2.0 / 3, 2.0 / 3, 0}, c.estimate(), 1e-15);
        for (int r = 0; r < 3; r++) {
            assertTrue(Double.isNaN(c.ciLower()[r]));
            assertTrue(Double.isNaN(c.ciUpper()[r]));
        }
        double v = 1.0 / (3 * 2);
        assertEquals(kmLower(2.0 / 3, v), c.ciLower()[3], 1e-14);
        assertEquals(kmUpper(2.0 / 3, v), c.ciUpper()[4], 1e-14);
        // last time: n = d = 1, the Greenwood term is dropped and S = 0
        assertEquals(0.0, c.ciUpper()[5], 0.0);
    }

    @Test
    void noBirthRowWhenZeroOrNegativeDurationsExist() {
        assertArrayEquals(new double[] {0, 4, 9}, KaplanMeier.fit(new double[] {9, 0, 4, 4}, null).timeline(), 0.0);
        assertArrayEquals(new double[] {-2, 3}, NelsonAalen.fit(new double[] {3, -2, 3, 3}, null).timeline(), 0.0);
    }

    @Test
    void nelsonAalenSmoothsTies() {
        SurvivalCurve c = NelsonAalen.fit(new double[] {2, 2, 2, 5}, new boolean[] {true, true, true, false});
        assertArrayEquals(new double[] {0, 2, 5}, c.timeline(), 0.0);
        double h = 1.0 / 4 + 1.0 / 3 + 1.0 / 2; // not 3/4 as with d/n
        double v = 1.0 / 16 + 1.0 / 9 + 1.0 / 4;
        assertArrayEquals(new double[] {0, h, h}, c.estimate(), 1e-15);
        assertEquals(0.0, c.ciLower()[0], 0.0); // H = 0: divisor 1, bounds 0
        assertEquals(0.0, c.ciUpper()[0], 0.0);
        assertEquals(h * Math.exp(Z * Math.sqrt(v) / h), c.ciUpper()[1], 1e-14);
        assertEquals(h * Math.exp(-Z * Math.sqrt(v) / h), c.ciLower()[1], 1e-14);
        assertEquals(c.ciUpper()[1], c.ciUpper()[2], 0.0);
    }

    @Test
    void nelsonAalenLastDeathOfEveryoneAtRisk() {
        SurvivalCurve c = NelsonAalen.fit(new double[] {1, 2, 3, 3}, null);
        assertArrayEquals(new double[] {0, 0.25, 0.25 + 1.0 / 3, 0.25 + 1.0 / 3 + 1.0 / 2 + 1.0}, c.estimate(), 1e-15);
    }

    @Test
    void invalidInputFails() {
        assertThrows(IllegalArgumentException.class, () -> KaplanMeier.fit(new double[0], null));
        assertThrows(IllegalArgumentException.class, () -> NelsonAalen.fit(new double[] {Double.NaN}, null));
        assertThrows(IllegalArgumentException.class, () -> KaplanMeier.fit(new double[] {1, 2}, new boolean[] {true}));
    }
}
