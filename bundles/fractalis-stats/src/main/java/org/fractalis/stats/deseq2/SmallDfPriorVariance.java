package org.fractalis.stats.deseq2;

/**
 * DESeq2's estimate of the dispersion prior variance when the residual degrees of freedom {@code m - p} are 1 to
 * 3: the observed log dispersion residuals are matched (Kullback-Leibler divergence of histograms on breaks
 * -10, -9.5, ..., 10) against simulated {@code log(chisq(df)) + N(0, v) - log(df)} for 200 values of v in
 * [0, 8] with R's random numbers after {@code set.seed(2)}; the KL curve is smoothed by {@code loess(span = 0.2)}
 * and minimised on a grid of 1000 points; the result is at least 0.25.
 */
final class SmallDfPriorVariance {

    private static final int DRAWS = 10000;

    private SmallDfPriorVariance() {
    }

    static double estimate(int[] rows, double[] dispGeneEst, double[] dispFit, int df) {
        double[] breaks = new double[41];
        for (int k = 0; k <= 40; k++) {
            breaks[k] = (k - 20) / 2.0;
        }
        double[] obs = new double[rows.length];
        int nObs = 0;
        for (int i : rows) {
            if (dispGeneEst[i] >= 1e-8 * 100) {
                double r = Math.log(dispGeneEst[i]) - Math.log(dispFit[i]);
                if (r > -10 && r < 10) {
                    obs[nObs++] = r;
                }
            }
        }
        double[] obsDensity = histDensity(obs, nObs, breaks);
        double[] grid = RFunctions.seq(0, 8, 200);
        double[] kl = new double[grid.length];
        RRandom rng = new RRandom(2);
        double[] chi = new double[DRAWS];
        double[] rand = new double[DRAWS];
        double logDf = Math.log(df);
        for (int g = 0; g < grid.length; g++) {
            for (int k = 0; k < DRAWS; k++) {
                chi[k] = Math.log(rng.rchisq(df));
            }
            double sd = Math.sqrt(grid[g]);
            int nRand = 0;
            for (int k = 0; k < DRAWS; k++) {
                double v = chi[k] + rng.rnorm(0, sd) - logDf;
                if (v > -10 && v < 10) {
                    rand[nRand++] = v;
                }
            }
            double[] randDensity = histDensity(rand, nRand, breaks);
            double small = Double.POSITIVE_INFINITY;
            for (double z : obsDensity) {
                if (z > 0) {
                    small = Math.min(small, z);
                }
            }
            for (double z : randDensity) {
                if (z > 0) {
                    small = Math.min(small, z);
                }
            }
            double sum = 0;
            for (int b = 0; b < obsDensity.length; b++) {
                sum += obsDensity[b] * (Math.log(obsDensity[b] + small) - Math.log(randDensity[b] + small));
            }
            kl[g] = sum;
        }
        Loess1D lofit = Loess1D.fit(grid, kl, 0.2);
        double[] fine = RFunctions.seq(0, 8, 1000);
        double best = Double.POSITIVE_INFINITY;
        double argmin = Double.NaN;
        for (double x : fine) {
            double v = lofit.predict(x);
            if (v < best) {
                best = v;
                argmin = x;
            }
        }
        if (Double.isNaN(argmin)) {
            return 0.25;
        }
        return Math.max(argmin, 0.25);
    }

    /** {@code hist(x, breaks, plot = FALSE)$density} with R's right-closed bins and break fuzz. */
    static double[] histDensity(double[] x, int n, double[] breaks) {
        int nb = breaks.length;
        double fuzz = 1e-7 * 0.5;
        double[] fb = new double[nb];
        fb[0] = breaks[0] - fuzz;
        for (int k = 1; k < nb; k++) {
            fb[k] = breaks[k] + fuzz;
        }
        double[] counts = new double[nb - 1];
        for (int i = 0; i < n; i++) {
            double xi = x[i];
            int lo = 0;
            int hi = nb - 1;
            if (fb[lo] <= xi && xi <= fb[hi]) {
                while (hi - lo >= 2) {
                    int mid = (hi + lo) / 2;
                    if (xi > fb[mid]) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                counts[lo]++;
            }
        }
        double[] density = new double[nb - 1];
        for (int k = 0; k < nb - 1; k++) {
            density[k] = counts[k] / (n * (breaks[k + 1] - breaks[k]));
        }
        return density;
    }
}
