package org.fractalis.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.fractalis.api.analytics.AnalyticsException;
import org.junit.jupiter.api.Test;

class BasicNumericsTest {

    @Test
    void percentileLinear() {
        double[] v = {4, 1, 3, 2};
        assertEquals(1.75, Quantiles.percentile(v, 25), 0);
        assertEquals(2.5, Quantiles.percentile(v, 50), 0);
        assertEquals(3.25, Quantiles.percentile(v, 75), 0);
        assertEquals(1, Quantiles.percentile(v, 0), 0);
        assertEquals(4, Quantiles.percentile(v, 100), 0);
        assertEquals(7, Quantiles.percentile(new double[] {7}, 30), 0);
        assertTrue(Double.isNaN(Quantiles.percentile(new double[0], 30)));
        assertArrayEquals(new double[] {4, 1, 3, 2}, v, 0); // input untouched
    }

    @Test
    void medianMeanStd() {
        assertEquals(2.5, Descriptive.median(new double[] {4, 1, 3, 2}), 0);
        assertEquals(3, Descriptive.median(new double[] {5, 1, 3}), 0);
        assertEquals(Math.sqrt(1.25), Descriptive.std(new double[] {1, 2, 3, 4}, 0), 1e-15);
        assertEquals(5.0 / 3, Descriptive.variance(new double[] {1, 2, 3, 4}, 1), 1e-15);
        double[] big = new double[1000];
        for (int i = 0; i < big.length; i++) {
            big[i] = 0.1;
        }
        assertEquals(100.0, Descriptive.sum(big), 1e-12);
    }

    @Test
    void linspaceEndsExactly() {
        double[] l = Descriptive.linspace(0.1, 0.7, 7);
        assertEquals(0.1, l[0], 0);
        assertEquals(0.7, l[6], 0);
        assertEquals(0.1 + 3 * ((0.7 - 0.1) / 6), l[3], 0);
        assertArrayEquals(new double[] {2, 2, 2}, Descriptive.linspace(2, 2, 3), 0);
    }

    @Test
    void histogramLikeNumpy() {
        Histogram h = Histogram.of(new double[] {1, 2, 2, 3, 4}, 3);
        assertArrayEquals(new long[] {1, 2, 2}, h.counts());
        assertArrayEquals(new double[] {1, 2, 3, 4}, h.edges(), 1e-15);
        Histogram c = Histogram.of(new double[] {5, 5}, 2);
        assertArrayEquals(new double[] {4.5, 5, 5.5}, c.edges(), 0);
        assertArrayEquals(new long[] {0, 2}, c.counts());
        // every value counted once, edge values follow the edge array
        Random rnd = new Random(1);
        double[] v = new double[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.round(rnd.nextGaussian() * 10) / 10.0;
        }
        Histogram r = Histogram.of(v, 30);
        long total = 0;
        for (long k : r.counts()) {
            total += k;
        }
        assertEquals(1000, total);
        for (double x : v) {
            int bin = -1;
            double[] e = r.edges();
            for (int i = 0; i < 30; i++) {
                if (e[i] <= x && (x < e[i + 1] || i == 29)) {
                    bin = i;
                    break;
                }
            }
            assertTrue(bin >= 0);
        }
        long[] expected = new long[30];
        double[] e = r.edges();
        for (double x : v) {
            for (int i = 0; i < 30; i++) {
                if (e[i] <= x && (x < e[i + 1] || (i == 29 && x <= e[30]))) {
                    expected[i]++;
                    break;
                }
            }
        }
        assertArrayEquals(expected, r.counts());
    }

    @Test
    void kdeFormula() throws AnalyticsException {
        double[] d = {1, 2, 4, 7};
        GaussianKde k = GaussianKde.scott(d);
        double var = Descriptive.variance(d, 1);
        double h2 = var * Math.pow(4, -2.0 / 5);
        assertEquals(h2, k.kernelVariance(), 1e-15);
        double x = 3.3;
        double s = 0;
        for (double di : d) {
            s += Math.exp(-(x - di) * (x - di) / (2 * h2));
        }
        assertEquals(s / (4 * Math.sqrt(2 * Math.PI * h2)), k.evaluate(new double[] {x})[0], 1e-15);
        GaussianKde b = GaussianKde.withBandwidthFactor(d, 0.5);
        assertEquals(h2 * 0.25, b.kernelVariance(), 1e-15);
        AnalyticsException e = assertThrows(AnalyticsException.class, () -> GaussianKde.scott(new double[] {3, 3}));
        assertEquals("LinAlgError", e.type());
    }

    @Test
    void anova() {
        Anova.Result r = Anova.oneWay(new double[] {1, 2, 3}, new double[] {4, 5, 6});
        assertEquals(13.5, r.f(), 1e-12);
        // F(1, df) = t^2 with df: the p-values agree
        assertEquals(Correlation.studentTwoSided(Math.sqrt(13.5), 4), r.p(), 1e-14);
        Anova.Result one = Anova.oneWay(new double[] {1, 2, 3});
        assertTrue(Double.isNaN(one.f()) && Double.isNaN(one.p()));
        assertThrows(IllegalArgumentException.class, () -> Anova.oneWay());
    }

    @Test
    void pearsonPinnedSemantics() {
        Correlation.Result two = Correlation.pearson(new double[] {1, 2}, new double[] {5, 3});
        assertEquals(-1, two.coef(), 0);
        assertEquals(0, two.p(), 0);
        Correlation.Result constant = Correlation.pearson(new double[] {1, 1, 1}, new double[] {1, 2, 3});
        assertTrue(Double.isNaN(constant.coef()));
        assertEquals(1.0, constant.p(), 0);
        Correlation.Result r = Correlation.pearson(new double[] {1, 2, 3, 4, 5}, new double[] {2, 1, 4, 3, 5});
        assertEquals(0.8, r.coef(), 1e-15);
        assertEquals(Correlation.studentTwoSided(0.8 * Math.sqrt(3 / (1 - 0.64)), 3), r.p(), 1e-14);
    }

    @Test
    void spearmanOnRanks() {
        Correlation.Result r = Correlation.spearman(new double[] {10, 20, 20, 40}, new double[] {1, 3, 2, 4});
        Correlation.Result p = Correlation.pearson(Ranks.average(new double[] {10, 20, 20, 40}),
                Ranks.average(new double[] {1, 3, 2, 4}));
        assertEquals(p.coef(), r.coef(), 1e-15);
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, Ranks.average(new double[] {10, 20, 20, 40}), 0);
        Correlation.Result perfect = Correlation.spearman(new double[] {1, 2, 3}, new double[] {1, 4, 9});
        assertEquals(1, perfect.coef(), 0);
        assertEquals(0, perfect.p(), 0);
        assertTrue(Double.isNaN(Correlation.spearman(new double[] {1, 2}, new double[] {1, 4}).p()));
    }

    /** Kendall tau-b and its 0.19.1 p-value by the O(n^2) definition. */
    private static double[] naiveKendall(double[] x, double[] y) {
        int n = x.length;
        long s = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                s += (long) Math.signum(x[i] - x[j]) * (long) Math.signum(y[i] - y[j]);
            }
        }
        double[] tx = tieStats(x);
        double[] ty = tieStats(y);
        double n0 = n * (n - 1) / 2.0;
        double tau = s / Math.sqrt(n0 - tx[0] / 2) / Math.sqrt(n0 - ty[0] / 2);
        double var = (n * (n - 1.0) * (2 * n + 5) - tx[2] - ty[2]) / 18 + tx[0] * ty[0] / (2.0 * n * (n - 1))
                + tx[1] * ty[1] / (9.0 * n * (n - 1) * (n - 2));
        double z = s / Math.sqrt(var);
        return new double[] {tau, org.apache.commons.math3.special.Erf.erfc(Math.abs(z) / Math.sqrt(2))};
    }

    /** {sum t(t-1), sum t(t-1)(t-2), sum t(t-1)(2t+5)}. */
    private static double[] tieStats(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        double[] out = new double[3];
        int i = 0;
        while (i < s.length) {
            int j = i;
            while (j < s.length && s[j] == s[i]) {
                j++;
            }
            double t = j - i;
            out[0] += t * (t - 1);
            out[1] += t * (t - 1) * (t - 2);
            out[2] += t * (t - 1) * (2 * t + 5);
            i = j;
        }
        return out;
    }

    @Test
    void kendallMatchesTheDefinitionWithTies() {
        Random rnd = new Random(7);
        for (int rep = 0; rep < 50; rep++) {
            int n = 3 + rnd.nextInt(60);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rnd.nextInt(rep % 3 == 0 ? 4 : 50);
                y[i] = rnd.nextInt(rep % 2 == 0 ? 5 : 1000) + 0.5 * x[i];
            }
            double[] expect = naiveKendall(x, y);
            Correlation.Result r = Correlation.kendall(x, y);
            assertEquals(expect[0], r.coef(), 1e-12, "tau n=" + n);
            assertEquals(expect[1], r.p(), 1e-12 + 1e-9 * expect[1], "p n=" + n);
        }
        assertTrue(Double.isNaN(Correlation.kendall(new double[] {1, 2}, new double[] {2, 1}).p()));
        assertTrue(Double.isNaN(Correlation.kendall(new double[] {1, 1, 1}, new double[] {2, 1, 3}).coef()));
    }

    @Test
    void kendallIsFastOnOneHundredThousandPoints() {
        Random rnd = new Random(3);
        int n = 100_000;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextGaussian();
            y[i] = x[i] + rnd.nextGaussian();
        }
        long t0 = System.nanoTime();
        Correlation.Result r = Correlation.kendall(x, y);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(r.coef() > 0.4 && r.coef() < 0.6, "tau " + r.coef());
        assertTrue(ms < 2000, "kendall on 100,000 points took " + ms + " ms");
    }

    @Test
    void polyfitLineAndConstantX() throws AnalyticsException {
        LineFit.Line l = LineFit.polyfit1(new double[] {1, 2, 3, 4}, new double[] {3, 5, 7, 9});
        assertEquals(2, l.slope(), 1e-13);
        assertEquals(1, l.intercept(), 1e-13);
        LineFit.Line c = LineFit.polyfit1(new double[] {2, 2, 2}, new double[] {1, 2, 6});
        assertEquals(3.0 / (2 * 2), c.slope(), 1e-13);
        assertEquals(3.0 / 2, c.intercept(), 1e-13);
        LineFit.Line neg = LineFit.polyfit1(new double[] {-4, -4}, new double[] {1, 3});
        assertEquals(2.0 / (2 * -4), neg.slope(), 1e-13);
        assertEquals(1.0, neg.intercept(), 1e-13);
        assertThrows(AnalyticsException.class, () -> LineFit.polyfit1(new double[] {0, 0}, new double[] {1, 2}));
    }
}
