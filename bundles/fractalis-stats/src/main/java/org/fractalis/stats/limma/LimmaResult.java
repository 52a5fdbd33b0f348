package org.fractalis.stats.limma;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of {@link Limma#groupMeans}: per-contrast coefficients and moderated statistics, per-feature fit
 * quantities and the empirical Bayes hyperparameters, with limma's names in the comments. Arrays are indexed
 * {@code [contrast][feature]} or {@code [feature]}; NaN stands for R's NA. Getters return copies.
 */
public final class LimmaResult {
    private final int nGroups;
    private final String[] contrastNames;
    private final double[][] coefficients;
    private final double[][] stdevUnscaled;
    private final double[] aveExpr;
    private final double[] sigma2;
    private final int[] dfResidual;
    private final double s2Prior;
    private final double dfPrior;
    private final double[] s2Post;
    private final double[] dfTotal;
    private final double[][] t;
    private final double[][] pValue;
    private final double[] varPrior;
    private final double[][] lods;
    private final double[] fStat;
    private double[] fPValue;
    private final int fDf1;

    LimmaResult(int nGroups, String[] contrastNames, double[][] coefficients, double[][] stdevUnscaled,
            double[] aveExpr, double[] sigma2, int[] dfResidual, double s2Prior, double dfPrior, double[] s2Post,
            double[] dfTotal, double[][] t, double[][] pValue, double[] varPrior, double[][] lods, double[] fStat,
            int fDf1) {
        this.nGroups = nGroups;
        this.contrastNames = contrastNames;
        this.coefficients = coefficients;
        this.stdevUnscaled = stdevUnscaled;
        this.aveExpr = aveExpr;
        this.sigma2 = sigma2;
        this.dfResidual = dfResidual;
        this.s2Prior = s2Prior;
        this.dfPrior = dfPrior;
        this.s2Post = s2Post;
        this.dfTotal = dfTotal;
        this.t = t;
        this.pValue = pValue;
        this.varPrior = varPrior;
        this.lods = lods;
        this.fStat = fStat;
        this.fDf1 = fDf1;
    }

    public int groupCount() {
        return nGroups;
    }

    public int featureCount() {
        return aveExpr.length;
    }

    public int contrastCount() {
        return contrastNames.length;
    }

    /** Contrast names as in R's contrast matrix, e.g. {@code group3-group1}. */
    public String[] contrastNames() {
        return contrastNames.clone();
    }

    /** {@code coefficients[, c]}: the difference of the group means. */
    public double[] coefficients(int contrast) {
        return coefficients[contrast].clone();
    }

    /** {@code stdev.unscaled[, c]}. */
    public double[] stdevUnscaled(int contrast) {
        return stdevUnscaled[contrast].clone();
    }

    /** {@code Amean}: the mean of the non-missing values of each feature over all samples. */
    public double[] aveExpr() {
        return aveExpr.clone();
    }

    /** {@code sigma^2}: the residual variance of each feature (NaN where df.residual is 0). */
    public double[] sigma2() {
        return sigma2.clone();
    }

    /** {@code df.residual}. */
    public int[] dfResidual() {
        return dfResidual.clone();
    }

    /** {@code s2.prior}. */
    public double s2Prior() {
        return s2Prior;
    }

    /** {@code df.prior} (may be infinite). */
    public double dfPrior() {
        return dfPrior;
    }

    /** {@code s2.post}. */
    public double[] s2Post() {
        return s2Post.clone();
    }

    /** {@code df.total}: df.residual + df.prior, capped at the pooled residual df. */
    public double[] dfTotal() {
        return dfTotal.clone();
    }

    /** Moderated t of a contrast. */
    public double[] t(int contrast) {
        return t[contrast].clone();
    }

    /** Two-sided p-value of the moderated t. */
    public double[] pValue(int contrast) {
        return pValue[contrast].clone();
    }

    /** {@code var.prior} of each contrast. */
    public double[] varPrior() {
        return varPrior.clone();
    }

    /** B-statistic {@code lods} of a contrast. */
    public double[] lods(int contrast) {
        return lods[contrast].clone();
    }

    /** Moderated F over all contrasts. */
    public double[] fStat() {
        return fStat.clone();
    }

    /** p-value of the moderated F (computed on first use). */
    public double[] fPValue() {
        return fPValues().clone();
    }

    private synchronized double[] fPValues() {
        if (fPValue == null) {
            fPValue = Limma.fPValues(fStat, fDf1, dfPrior, dfResidual);
        }
        return fPValue;
    }

    /** Numerator df of the moderated F (the rank of the contrasts' correlation matrix). */
    public int fDf1() {
        return fDf1;
    }

    /**
     * The columns of {@code topTable(fit, number = Inf, sort.by = "none")} without the gene list, named as the
     * data frame R returns them. One contrast ({@code K = 2}): {@code logFC, AveExpr, t, P.Value, adj.P.Val, B}.
     * Several: one column per contrast ({@code group3.group1}, ...), then {@code AveExpr, F, P.Value, adj.P.Val}
     * of the moderated F-test. adj.P.Val is Benjamini-Hochberg.
     */
    public Map<String, double[]> topTable() {
        Map<String, double[]> table = new LinkedHashMap<>();
        if (contrastNames.length == 1) {
            table.put("logFC", coefficients[0].clone());
            table.put("AveExpr", aveExpr.clone());
            table.put("t", t[0].clone());
            table.put("P.Value", pValue[0].clone());
            table.put("adj.P.Val", Special.adjustBH(pValue[0]));
            table.put("B", lods[0].clone());
        } else {
            for (int c = 0; c < contrastNames.length; c++) {
                // data.frame(check.names = TRUE) turns "group3-group1" into "group3.group1"
                table.put(contrastNames[c].replace('-', '.'), coefficients[c].clone());
            }
            table.put("AveExpr", aveExpr.clone());
            table.put("F", fStat.clone());
            double[] fp = fPValues();
            table.put("P.Value", fp.clone());
            table.put("adj.P.Val", Special.adjustBH(fp));
        }
        return table;
    }
}
