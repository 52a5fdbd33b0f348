package org.fractalis.stats.survival;

/**
 * Kaplan-Meier survival estimate as lifelines 0.14.3 {@code KaplanMeierFitter} (alpha 0.95) computes it.
 *
 * <p>{@code S(t) = exp(Σ log(1 − d/n))}; Greenwood's sum {@code V = Σ d/(n(n−d))} with the term of {@code n = d}
 * counted as 0; the "exponential Greenwood" interval
 * {@code exp(−exp(log(−log S) ± z·√V / log S))}. Where {@code S = 1} the bounds are NaN (0/0, no fill), where
 * {@code S = 0} both are 0.
 */
public final class KaplanMeier {
    /** {@code Φ⁻¹(0.975)} as scipy computes it. */
    static final double Z_975 = 1.959963984540054;

    private KaplanMeier() {
    }

    /**
     * @param durations finite durations (at least one)
     * @param observed whether each event was observed; null means all were
     */
    public static SurvivalCurve fit(double[] durations, boolean[] observed) {
        EventTable t = EventTable.of(durations, observed);
        int m = t.size();
        double[] estimate = new double[m];
        double[] lower = new double[m];
        double[] upper = new double[m];
        double logS = 0;
        double v = 0;
        for (int r = 0; r < m; r++) {
            double n = t.atRisk[r];
            double d = t.events[r];
            logS += Math.log(1.0 - d / n);
            double term = d / (n * (n - d));
            if (term != Double.POSITIVE_INFINITY) {
                v += term;
            }
            double s = Math.exp(logS);
            estimate[r] = s;
            double logSurv = Math.log(s);
            double logMinusLog = Math.log(-logSurv);
            double half = Z_975 * Math.sqrt(v) / logSurv;
            upper[r] = Math.exp(-Math.exp(logMinusLog + half));
            lower[r] = Math.exp(-Math.exp(logMinusLog - half));
        }
        return new SurvivalCurve(t.times, estimate, lower, upper);
    }
}
