package org.fractalis.stats.survival;

/**
 * Nelson-Aalen cumulative hazard as lifelines 0.14.3 {@code NelsonAalenFitter} computes it with its default
 * {@code nelson_aalen_smoothing=True} (alpha 0.95).
 *
 * <p>At a time with n at risk and d events the hazard grows by {@code Σ_{k<d} 1/(n−k)} (taken, as lifelines does,
 * as a difference of cumulative harmonic sums) and the variance by {@code Σ_{k<d} 1/(n−k)²}. The interval is
 * {@code H·exp(±z·√V / H)} with the divisor H replaced by 1 where {@code H = 0}.
 */
public final class NelsonAalen {

    private NelsonAalen() {
    }

    /**
     * @param durations finite durations (at least one)
     * @param observed whether each event was observed; null means all were
     */
    public static SurvivalCurve fit(double[] durations, boolean[] observed) {
        EventTable t = EventTable.of(durations, observed);
        int m = t.size();
        int maxN = t.atRisk[0];
        double[] harmonic = new double[maxN + 1]; // harmonic[k] = Σ_{i=1..k} 1/i
        for (int k = 1; k <= maxN; k++) {
            harmonic[k] = harmonic[k - 1] + 1.0 / k;
        }
        double[] estimate = new double[m];
        double[] lower = new double[m];
        double[] upper = new double[m];
        double h = 0;
        double v = 0;
        for (int r = 0; r < m; r++) {
            int n = t.atRisk[r];
            int d = t.events[r];
            h += harmonic[n] - harmonic[n - d];
            double dv = 0;
            for (int k = 0; k < d; k++) {
                double q = n - k;
                dv += 1.0 / (q * q);
            }
            v += dv;
            estimate[r] = h;
            double half = KaplanMeier.Z_975 * Math.sqrt(v) / (h == 0 ? 1.0 : h);
            upper[r] = h * Math.exp(half);
            lower[r] = h * Math.exp(-half);
        }
        return new SurvivalCurve(t.times, estimate, lower, upper);
    }
}
