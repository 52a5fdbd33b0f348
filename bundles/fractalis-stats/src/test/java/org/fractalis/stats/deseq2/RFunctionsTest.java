package org.fractalis.stats.deseq2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The R-compatible helpers against values derived by hand from their definitions. */
class RFunctionsTest {

    @Test
    void benjaminiHochbergSkipsNaAndHandlesTies() {
        double[] adj = RFunctions.adjustBh(new double[] {0.01, 0.04, 0.03, Double.NaN, 0.2, 0.04});
        // n = 5 tests: ranks 1..5 of 0.01, 0.03, 0.04, 0.04, 0.2
        assertEquals(0.05, adj[0], 1e-15);
        assertEquals(0.05, adj[1], 1e-15);
        assertEquals(0.05, adj[2], 1e-15);
        assertTrue(Double.isNaN(adj[3]));
        assertEquals(0.2, adj[4], 1e-15);
        assertEquals(adj[1], adj[5], 0.0);
    }

    @Test
    void quantileType7AndMedianAndMad() {
        double[] x = {1, 2, 3, 4};
        assertEquals(2.5, RFunctions.quantileSorted(x, 0.5), 1e-15);
        assertEquals(1.3, RFunctions.quantileSorted(x, 0.1), 1e-15);
        assertEquals(4.0, RFunctions.quantileSorted(x, 1.0), 0.0);
        assertEquals(2.5, RFunctions.median(new double[] {4, 1, 3, 2}, 4), 0.0);
        assertEquals(1.4826, RFunctions.mad(new double[] {1, 2, 3, 4, 5}, 5), 1e-15);
        assertEquals(3.0, RFunctions.trimmedMean(new double[] {1, 2, 3, 4, 100}, 5, 0.2), 1e-15);
    }

    @Test
    void lowessReproducesALine() {
        double[] x = RFunctions.seq(0, 1, 50);
        double[] y = new double[50];
        for (int i = 0; i < 50; i++) {
            y[i] = 3 - 2 * x[i];
        }
        assertArrayEquals(y, RFunctions.lowess(x, y, 0.2), 1e-12);
    }

    @Test
    void specialFunctions() {
        assertEquals(Math.log(24), RFunctions.lgamma(5), 1e-14);
        assertEquals(0.5 * Math.log(Math.PI), RFunctions.lgamma(0.5), 1e-14);
        assertEquals(-0.5772156649015329, RFunctions.digamma(1), 1e-14);
        assertEquals(1.959963984540054, RRandom.qnorm(0.975), 1e-14);
        assertEquals(-RRandom.qnorm(0.01), RRandom.qnorm(0.99), 1e-14);
        // NB(size = 2, mu = 3) at 0: (2 / 5)^2
        assertEquals(Math.log(0.16), RFunctions.dnbinomMuLog(0, 2, 3), 1e-14);
        // at 4: choose(5, 4) (2/5)^2 (3/5)^4
        assertEquals(Math.log(5 * 0.16 * Math.pow(0.6, 4)), RFunctions.dnbinomMuLog(4, 2, 3), 1e-13);
    }

    @Test
    void randomNumbersHaveTheirDistributions() {
        RRandom rng = new RRandom(2);
        double sum = 0;
        double sumSq = 0;
        int n = 100000;
        for (int i = 0; i < n; i++) {
            double u = rng.unifRand();
            assertTrue(u > 0 && u < 1);
            double z = rng.normRand();
            sum += z;
            sumSq += z * z;
        }
        assertEquals(0, sum / n, 0.02);
        assertEquals(1, sumSq / n, 0.02);
        for (double df : new double[] {1, 2, 3}) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += rng.rchisq(df);
            }
            assertEquals(df, s / n, 0.03 * df);
        }
    }
}
