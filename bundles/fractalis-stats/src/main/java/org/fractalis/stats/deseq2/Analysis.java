package org.fractalis.stats.deseq2;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.apache.commons.math3.distribution.FDistribution;

/** One run of DESeq() + results() on validated input; holds the per-gene state of the pipeline. */
final class Analysis {

    private static final double MIN_DISP = 1e-8;
    private static final double KAPPA_0 = 1.0;
    private static final double DISP_TOL = 1e-6;
    private static final int DISP_MAXIT = 100;
    private static final double OUTLIER_SD = 2.0;
    private static final int MIN_REPLICATES_FOR_REPLACE = 7;
    private static final double ALPHA = 0.1;
    private static final int P = 2;
    /** Below this many rows the per-gene loops stay on the calling thread. */
    private static final int PARALLEL_THRESHOLD = 256;

    private final double[][] counts;
    private final int[] group;
    private final int n;
    private final int m;
    private final int[] groupSize;
    private final double maxDisp;

    private double[] sf;
    /** Counts used for fitting (outliers replaced in the refit pass). */
    private double[][] fitCounts;
    private double[] baseMean;
    private double[] baseVar;
    private boolean[] allZero;
    private final double[] dispGeneEst;
    private final double[] dispFit;
    private final double[] dispersion;
    private final double[][] muDisp;
    private final double[] lfc;
    private final double[] lfcSe;
    private final double[] stat;
    private final double[] pvalue;
    private final double[][] cooks;
    private final double[] maxCooks;
    private DispersionTrend trend;
    private double varLogDispEsts;
    private double dispPriorVar;

    Analysis(double[][] counts, int[] group, int n0, int n1) {
        this.counts = counts;
        this.group = group;
        this.n = counts.length;
        this.m = group.length;
        this.groupSize = new int[] {n0, n1};
        this.maxDisp = Math.max(10, m);
        dispGeneEst = nanArray(n);
        dispFit = nanArray(n);
        dispersion = nanArray(n);
        muDisp = new double[n][];
        lfc = nanArray(n);
        lfcSe = nanArray(n);
        stat = nanArray(n);
        pvalue = nanArray(n);
        cooks = new double[n][];
        maxCooks = nanArray(n);
    }

    private static double[] nanArray(int size) {
        double[] a = new double[size];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    DeseqResult run() throws Deseq2Exception {
        sf = SizeFactors.medianOfRatios(counts);
        if (m == P) {
            throw new Deseq2Exception("The design matrix has the same number of samples and coefficients to fit,"
                    + " so estimation of dispersion is not possible. Treating samples as replicates was deprecated"
                    + " in v1.20 and no longer supported since v1.22.");
        }
        fitCounts = counts;
        baseMeansAndVariances();
        int[] rows = nonZeroRows();
        forRows(rows, this::geneWiseDispersion);
        fitTrend(rows);
        for (int i : rows) {
            dispFit[i] = trend.value(baseMean[i]);
        }
        estimateVarLogDispEsts(rows);
        dispPriorVar = PriorVariance.estimate(rows, dispGeneEst, dispFit, varLogDispEsts, m, P);
        forRows(rows, this::mapDispersion);
        forRows(rows, this::waldTest);

        boolean[] replaced = new boolean[n];
        boolean anyReplaceable = groupSize[0] >= MIN_REPLICATES_FOR_REPLACE
                || groupSize[1] >= MIN_REPLICATES_FOR_REPLACE;
        if (anyReplaceable) {
            refitWithoutOutliers(replaced);
        }
        return results(replaced);
    }

    private int[] nonZeroRows() {
        return IntStream.range(0, n).filter(i -> !allZero[i]).toArray();
    }

    private interface RowTask {
        void apply(int row);
    }

    private static void forRows(int[] rows, RowTask task) {
        if (rows.length < PARALLEL_THRESHOLD) {
            for (int i : rows) {
                task.apply(i);
            }
        } else {
            IntStream.of(rows).parallel().forEach(task::apply);
        }
    }

    /** getBaseMeansAndVariances on {@link #fitCounts}. */
    private void baseMeansAndVariances() {
        baseMean = new double[n];
        baseVar = new double[n];
        allZero = new boolean[n];
        double[] norm = new double[m];
        for (int i = 0; i < n; i++) {
            double[] y = fitCounts[i];
            double sum = 0;
            for (int j = 0; j < m; j++) {
                norm[j] = y[j] / sf[j];
                sum += y[j];
            }
            allZero[i] = sum == 0;
            double mean = RFunctions.mean(norm, 0, m);
            double ss = 0;
            for (int j = 0; j < m; j++) {
                double d = norm[j] - mean;
                ss += d * d;
            }
            baseMean[i] = mean;
            baseVar[i] = ss / (m - 1);
        }
    }

    /** estimateDispersionsGeneEst for one row (linear-model means, as DESeq2 uses for a one-factor design). */
    private void geneWiseDispersion(int i) {
        double[] y = fitCounts[i];
        double[] groupMean = groupMeansNormalized(y);
        // rough dispersion estimate
        double rough = 0;
        for (int j = 0; j < m; j++) {
            double mu = Math.max(1, groupMean[group[j]]);
            double norm = y[j] / sf[j];
            rough += ((norm - mu) * (norm - mu) - mu) / (mu * mu);
        }
        rough = Math.max(rough / (m - P), 0);
        double xim = 0;
        for (double s : sf) {
            xim += 1.0 / s;
        }
        xim /= m;
        double moments = (baseVar[i] - xim * baseMean[i]) / (baseMean[i] * baseMean[i]);
        double alphaHat = Math.min(rough, moments);
        double alphaInit = Math.min(Math.max(MIN_DISP, alphaHat), maxDisp);
        if (Double.isNaN(alphaHat)) {
            alphaInit = Double.NaN;
        }
        double[] mu = new double[m];
        for (int j = 0; j < m; j++) {
            mu[j] = Math.max(groupMean[group[j]] * sf[j], NbGlm.MINMU);
        }
        muDisp[i] = mu;
        double[] out = new double[4];
        double logInit = Math.log(alphaInit);
        DispersionFit.lineSearch(logInit, y, mu, group, logInit, 1.0, false, Math.log(MIN_DISP / 10), KAPPA_0,
                DISP_TOL, DISP_MAXIT, out);
        double est = Math.min(Math.exp(out[DispersionFit.LOG_ALPHA]), maxDisp);
        boolean noIncrease = out[DispersionFit.LAST_LP] < out[DispersionFit.INITIAL_LP]
                + Math.abs(out[DispersionFit.INITIAL_LP]) / 1e6;
        if (noIncrease) {
            est = alphaInit;
        }
        int iter = (int) out[DispersionFit.ITER];
        boolean conv = iter < DISP_MAXIT && iter != 1;
        if (!conv && est > MIN_DISP * 10) {
            est = DispersionFit.gridSearch(y, mu, group, 0.0, 1.0, false);
        }
        dispGeneEst[i] = Math.min(Math.max(est, MIN_DISP), maxDisp);
    }

    private double[] groupMeansNormalized(double[] y) {
        double[] sum = new double[2];
        for (int j = 0; j < m; j++) {
            sum[group[j]] += y[j] / sf[j];
        }
        return new double[] {sum[0] / groupSize[0], sum[1] / groupSize[1]};
    }

    private void fitTrend(int[] rows) throws Deseq2Exception {
        int k = 0;
        for (int i : rows) {
            if (dispGeneEst[i] > 100 * MIN_DISP) {
                k++;
            }
        }
        if (k == 0) {
            throw new Deseq2Exception("all gene-wise dispersion estimates are within 2 orders of magnitude\n"
                    + "  from the minimum value, and so the standard curve fitting techniques will not work.");
        }
        double[] means = new double[k];
        double[] disps = new double[k];
        k = 0;
        for (int i : rows) {
            if (dispGeneEst[i] > 100 * MIN_DISP) {
                means[k] = baseMean[i];
                disps[k] = dispGeneEst[i];
                k++;
            }
        }
        trend = DispersionTrend.fit(means, disps, MIN_DISP);
    }

    private void estimateVarLogDispEsts(int[] rows) throws Deseq2Exception {
        double[] res = new double[rows.length];
        int k = 0;
        for (int i : rows) {
            if (dispGeneEst[i] >= MIN_DISP * 100) {
                res[k++] = Math.log(dispGeneEst[i]) - Math.log(dispFit[i]);
            }
        }
        if (k == 0) {
            throw new Deseq2Exception("no data found which is greater than minDisp");
        }
        double mad = RFunctions.mad(res, k);
        varLogDispEsts = mad * mad;
    }

    /** estimateDispersionsMAP for one row. */
    private void mapDispersion(int i) {
        double[] y = fitCounts[i];
        double[] mu = muDisp[i];
        double geneEst = dispGeneEst[i];
        double fit = dispFit[i];
        double init = geneEst > 0.1 * fit ? geneEst : fit;
        if (Double.isNaN(init)) {
            init = fit;
        }
        double[] out = new double[4];
        double priorMean = Math.log(fit);
        DispersionFit.lineSearch(Math.log(init), y, mu, group, priorMean, dispPriorVar, true,
                Math.log(MIN_DISP / 10), KAPPA_0, DISP_TOL, DISP_MAXIT, out);
        double map = Math.exp(out[DispersionFit.LOG_ALPHA]);
        if (!(out[DispersionFit.ITER] < DISP_MAXIT)) {
            map = DispersionFit.gridSearch(y, mu, group, priorMean, dispPriorVar, true);
        }
        map = Math.min(Math.max(map, MIN_DISP), maxDisp);
        boolean outlier = Math.log(geneEst) > Math.log(fit) + OUTLIER_SD * Math.sqrt(varLogDispEsts);
        dispersion[i] = outlier ? geneEst : map;
    }

    /** nbinomWaldTest for one row, with its Cook's distances. */
    private void waldTest(int i) {
        double[] y = fitCounts[i];
        NbGlm.Fit fit = new NbGlm.Fit(m);
        NbGlm.fit(y, sf, group, dispersion[i], fit);
        double l = RFunctions.LOG2E * fit.b1;
        double se = RFunctions.LOG2E * Math.sqrt(Math.max(fit.var1, 0));
        lfc[i] = l;
        lfcSe[i] = se;
        stat[i] = l / se;
        pvalue[i] = RFunctions.twoSidedNormalP(stat[i]);
        cooks[i] = cooksDistances(y, fit.mu, fit.hat);
        maxCooks[i] = maxCooks(cooks[i]);
    }

    /** calculateCooksDistance with DESeq2's robust method-of-moments dispersion. */
    private double[] cooksDistances(double[] y, double[] mu, double[] hat) {
        double[] norm = new double[m];
        for (int j = 0; j < m; j++) {
            norm[j] = y[j] / sf[j];
        }
        double v;
        if (groupSize[0] >= 3 || groupSize[1] >= 3) {
            v = Double.NEGATIVE_INFINITY;
            // cells in order of appearance; the maximum does not depend on it
            for (int g = 0; g < 2; g++) {
                if (groupSize[g] >= 3) {
                    double est = trimmedCellVariance(norm, g);
                    if (Double.isNaN(est) || Double.isNaN(v)) {
                        v = Double.NaN;
                    } else {
                        v = Math.max(v, est);
                    }
                }
            }
        } else {
            double[] all = norm.clone();
            double rm = RFunctions.trimmedMean(all, m, 1.0 / 8);
            double[] sq = new double[m];
            for (int j = 0; j < m; j++) {
                sq[j] = (norm[j] - rm) * (norm[j] - rm);
            }
            v = 1.51 * RFunctions.trimmedMean(sq, m, 1.0 / 8);
        }
        double mean = RFunctions.mean(norm, 0, m);
        double alpha = Math.max((v - mean) / (mean * mean), 0.04);
        double[] out = new double[m];
        for (int j = 0; j < m; j++) {
            double var = mu[j] + alpha * mu[j] * mu[j];
            double pearsonSq = (y[j] - mu[j]) * (y[j] - mu[j]) / var;
            double h = hat[j];
            out[j] = pearsonSq / P * h / ((1 - h) * (1 - h));
        }
        return out;
    }

    private double trimmedCellVariance(double[] norm, int g) {
        int size = groupSize[g];
        double trim;
        double scale;
        if (size <= 3.5) {
            trim = 1.0 / 3;
            scale = 2.04;
        } else if (size <= 23.5) {
            trim = 1.0 / 4;
            scale = 1.86;
        } else {
            trim = 1.0 / 8;
            scale = 1.51;
        }
        double[] cell = new double[size];
        int k = 0;
        for (int j = 0; j < m; j++) {
            if (group[j] == g) {
                cell[k++] = norm[j];
            }
        }
        double cellMean = RFunctions.trimmedMean(cell, size, trim);
        double[] sq = new double[size];
        for (int j = 0; j < size; j++) {
            sq[j] = (cell[j] - cellMean) * (cell[j] - cellMean);
        }
        return scale * RFunctions.trimmedMean(sq, size, trim);
    }

    /** recordMaxCooks: maximum over samples whose condition has at least 3 samples. */
    private double maxCooks(double[] rowCooks) {
        if (m <= P) {
            return Double.NaN;
        }
        boolean any = false;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < m; j++) {
            if (groupSize[group[j]] >= 3) {
                any = true;
                double c = rowCooks[j];
                if (Double.isNaN(c) || Double.isNaN(max)) {
                    max = Double.NaN;
                } else if (c > max) {
                    max = c;
                }
            }
        }
        return any ? max : Double.NaN;
    }

    private double cooksCutoff() {
        return new FDistribution(null, P, m - P, 1e-14).inverseCumulativeProbability(0.99);
    }

    /** DESeq2's refitWithoutOutliers (only called when some condition has at least 7 samples). */
    private void refitWithoutOutliers(boolean[] replace) {
        double cutoff = cooksCutoff();
        boolean[] replaceable = new boolean[m];
        boolean allReplaceable = true;
        for (int j = 0; j < m; j++) {
            replaceable[j] = groupSize[group[j]] >= MIN_REPLICATES_FOR_REPLACE;
            allReplaceable &= replaceable[j];
        }
        double[][] newCounts = new double[n][];
        int nrefit = 0;
        for (int i = 0; i < n; i++) {
            newCounts[i] = counts[i];
            if (cooks[i] == null) {
                continue;
            }
            boolean any = false;
            for (int j = 0; j < m; j++) {
                if (cooks[i][j] > cutoff) {
                    any = true;
                }
            }
            replace[i] = any;
            if (!any) {
                continue;
            }
            nrefit++;
            double[] norm = new double[m];
            for (int j = 0; j < m; j++) {
                norm[j] = counts[i][j] / sf[j];
            }
            double trimBaseMean = RFunctions.trimmedMean(norm, m, 0.2);
            double[] row = counts[i].clone();
            for (int j = 0; j < m; j++) {
                if (replaceable[j] && cooks[i][j] > cutoff) {
                    // as.integer() truncates towards zero
                    row[j] = (double) (long) (trimBaseMean * sf[j]);
                }
            }
            newCounts[i] = row;
        }
        if (nrefit == 0) {
            return;
        }
        fitCounts = newCounts;
        baseMeansAndVariances();
        int newAllZero = 0;
        for (int i = 0; i < n; i++) {
            if (replace[i] && allZero[i]) {
                newAllZero++;
            }
        }
        if (nrefit <= newAllZero) {
            return;
        }
        int[] refitRows = IntStream.range(0, n).filter(i -> replace[i] && !allZero[i]).toArray();
        double[][] originalCooks = new double[n][];
        for (int i = 0; i < n; i++) {
            originalCooks[i] = cooks[i];
        }
        forRows(refitRows, this::geneWiseDispersion);
        for (int i : refitRows) {
            dispFit[i] = trend.value(baseMean[i]);
        }
        forRows(refitRows, this::mapDispersion);
        forRows(refitRows, this::waldTest);
        for (int i = 0; i < n; i++) {
            if (replace[i] && allZero[i]) {
                lfc[i] = Double.NaN;
                lfcSe[i] = Double.NaN;
                stat[i] = Double.NaN;
                pvalue[i] = Double.NaN;
                maxCooks[i] = Double.NaN;
            }
        }
        for (int i = 0; i < n; i++) {
            if (allReplaceable || originalCooks[i] == null) {
                maxCooks[i] = Double.NaN;
            } else {
                double[] c = originalCooks[i].clone();
                for (int j = 0; j < m; j++) {
                    if (replaceable[j]) {
                        c[j] = 0;
                    }
                }
                maxCooks[i] = maxCooks(c);
            }
            cooks[i] = originalCooks[i];
        }
    }

    /** results(): Cook's filtering, the two-group heuristic, independent filtering and BH. */
    private DeseqResult results(boolean[] replaced) {
        double[] p = pvalue.clone();
        double cutoff = cooksCutoff();
        for (int i = 0; i < n; i++) {
            if (maxCooks[i] > cutoff) {
                double[] c = cooks[i];
                int which = -1;
                double best = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < m; j++) {
                    if (c[j] > best) {
                        best = c[j];
                        which = j;
                    }
                }
                boolean dontFilter = false;
                if (which >= 0) {
                    double outCount = counts[i][which];
                    int larger = 0;
                    for (int j = 0; j < m; j++) {
                        if (counts[i][j] > outCount) {
                            larger++;
                        }
                    }
                    dontFilter = larger >= 3;
                }
                if (!dontFilter) {
                    p[i] = Double.NaN;
                }
            }
        }
        double[] outLfc = lfc.clone();
        double[] outSe = lfcSe.clone();
        double[] outStat = stat.clone();
        for (int i = 0; i < n; i++) {
            if (replaced[i] && baseMean[i] == 0) {
                outLfc[i] = 0;
                outSe[i] = 0;
                outStat[i] = 0;
                p[i] = 1;
            }
        }
        double[] padj = IndependentFiltering.adjust(baseMean, p, ALPHA);
        return new DeseqResult(baseMean.clone(), outLfc, outSe, outStat, p, padj, sf.clone(), dispersion.clone());
    }
}
