package org.fractalis.stats.limma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.apache.commons.math3.distribution.FDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

/** The special functions and tails against Commons Math and against their defining identities. */
class SpecialTest {

    @Test
    void trigammaInverseInvertsTrigamma() {
        for (double y : new double[] {0.02, 0.3, 1, 2.5, 10, 123.4, 5e3, 2e5}) {
            double x = Gamma.trigamma(y);
            assertEquals(y, Special.trigammaInverse(x), 1e-9 * y, "y=" + y);
        }
        assertTrue(Double.isNaN(Special.trigammaInverse(-1)));
        assertEquals(1 / 1e-7, Special.trigammaInverse(1e-7));
        assertEquals(1 / Math.sqrt(1e8), Special.trigammaInverse(1e8));
    }

    @Test
    void tetragammaIsTheDerivativeOfTrigamma() {
        for (double x : new double[] {0.05, 0.7, 3, 19.5, 20.5, 80, 1e4}) {
            double h = 1e-5 * x;
            double numeric = (Gamma.trigamma(x + h) - Gamma.trigamma(x - h)) / (2 * h);
            assertEquals(numeric, Special.tetragamma(x), 1e-6 * Math.abs(numeric), "x=" + x);
        }
    }

    @Test
    void tTailsAgreeWithCommonsMathInTheBulk() {
        for (double df : new double[] {1, 2.5, 7, 44.3, 498}) {
            TDistribution t = new TDistribution(null, df);
            for (double x : new double[] {0, 0.01, 0.7, 2, 5, 11}) {
                double expected = 2 * t.cumulativeProbability(-x);
                assertEquals(expected, Special.tTwoSided(x, df), 1e-12 * expected + 1e-15, "df=" + df + " t=" + x);
                assertEquals(expected, Special.tTwoSided(-x, df), 1e-12 * expected + 1e-15);
                assertEquals(Math.log(expected / 2), Special.logTUpper(x, df), 1e-11);
            }
        }
        NormalDistribution z = new NormalDistribution(null, 0, 1);
        assertEquals(2 * z.cumulativeProbability(-1.7), Special.tTwoSided(1.7, Double.POSITIVE_INFINITY), 1e-15);
    }

    @Test
    void farTailsKeepRelativeAccuracy() {
        // the density ratio of neighbouring points checks the slope of the log tail where the tail underflows
        double df = 300;
        double t = 500;
        double log = Special.logTUpper(t, df);
        assertTrue(log < -745, "underflows as a plain double: " + log);
        double h = 1e-6;
        double slope = (Special.logTUpper(t + h, df) - Special.logTUpper(t - h, df)) / (2 * h);
        double expected = -Math.exp(Special.logTDensity(t, df) - log);
        assertEquals(expected, slope, 1e-4 * Math.abs(expected));
        // a moderate tail: plain and log computations agree
        assertEquals(Math.log(Special.tUpper(8, df)), Special.logTUpper(8, df), 1e-12);
    }

    @Test
    void quantileInvertsTheLogTail() {
        Random rnd = new Random(1);
        for (int k = 0; k < 200; k++) {
            double df = 1 + rnd.nextDouble() * 600;
            double t = rnd.nextDouble() * (k % 2 == 0 ? 6 : 150);
            double lp = Special.logTUpper(t, df);
            if (lp >= Math.log(0.5)) {
                continue;
            }
            double back = Special.qtUpperLog(lp, df);
            assertEquals(t, back, 1e-9 * Math.max(1, t), "df=" + df + " t=" + t);
        }
        TDistribution t7 = new TDistribution(null, 7);
        assertEquals(-t7.inverseCumulativeProbability(0.01), Special.qtUpper(0.01, 7), 1e-8);
    }

    @Test
    void fTailAgreesWithCommonsMathAndWithT() {
        for (double df2 : new double[] {3, 12.5, 80}) {
            for (int df1 : new int[] {1, 2, 5}) {
                FDistribution f = new FDistribution(null, df1, df2);
                for (double x : new double[] {0.2, 1, 4, 15}) {
                    double expected = 1 - f.cumulativeProbability(x);
                    assertEquals(expected, Special.fUpper(x, df1, df2), 1e-9 * expected + 1e-14);
                }
            }
            // F(1, df) of t^2 is the two-sided t tail
            assertEquals(Special.tTwoSided(3.3, df2), Special.fUpper(3.3 * 3.3, 1, df2), 1e-12);
        }
        assertEquals(1, Special.fUpper(0, 2, 10));
        assertEquals(Gamma.regularizedGammaQ(1.5, 3 * 2.2 / 2), Special.fUpper(2.2, 3, Double.POSITIVE_INFINITY), 1e-15);
        assertTrue(Double.isNaN(Special.fUpper(Double.NaN, 2, 10)));
    }

    @Test
    void benjaminiHochbergMatchesItsDefinition() {
        Random rnd = new Random(2);
        double[] p = new double[300];
        for (int i = 0; i < p.length; i++) {
            p[i] = i % 17 == 0 ? Double.NaN : i % 5 == 0 ? 0.25 : Math.pow(rnd.nextDouble(), 3);
        }
        double[] adj = Special.adjustBH(p);
        int n = 0;
        for (double v : p) {
            if (!Double.isNaN(v)) {
                n++;
            }
        }
        for (int i = 0; i < p.length; i++) {
            if (Double.isNaN(p[i])) {
                assertTrue(Double.isNaN(adj[i]));
                continue;
            }
            // adj_i = min over p_j >= p_i of n * p_j / rank_j, with rank_j = #{p <= p_j} (ties: the largest rank)
            double best = Double.POSITIVE_INFINITY;
            for (double pj : p) {
                if (!Double.isNaN(pj) && pj >= p[i]) {
                    int rank = 0;
                    for (double pk : p) {
                        if (!Double.isNaN(pk) && pk <= pj) {
                            rank++;
                        }
                    }
                    best = Math.min(best, n * pj / rank);
                }
            }
            assertEquals(Math.min(1, best), adj[i], 1e-15);
        }
        assertEquals(0.3, Special.adjustBH(new double[] {0.3})[0]);
    }
}
