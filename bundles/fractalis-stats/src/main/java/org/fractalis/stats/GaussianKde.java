package org.fractalis.stats;

import java.util.stream.IntStream;

import org.fractalis.api.analytics.AnalyticsException;

/**
 * One-dimensional Gaussian kernel density estimate as {@code scipy.stats.gaussian_kde}: kernel variance
 * {@code h^2 = var(data, ddof=1) * factor^2}, density
 * {@code f(x) = sum_i exp(-(x - x_i)^2 / (2 h^2)) / (n * sqrt(2 pi h^2))}.
 *
 * <ul>
 * <li>{@link #scott(double[])}: factor = Scott's rule {@code n^(-1/5)} (boxplot, golden §4.2).</li>
 * <li>{@link #withBandwidthFactor(double[], double)}: factor = {@code n^(-1/5) * bwFactor} (histogram,
 * §4.3: {@code kde.set_bandwidth(kde.factor * bw_factor)}).</li>
 * </ul>
 * Data whose variance is 0 (all values equal) make the covariance singular; scipy fails with numpy's
 * {@code LinAlgError: Singular matrix}, and so does this class (an {@link AnalyticsException} of type
 * {@code LinAlgError}). Large evaluations use both cores.
 */
public final class GaussianKde {

    private static final long PARALLEL_WORK = 1_000_000L;

    private final double[] data;
    private final double factor;
    private final double covariance;
    private final double invCov;
    private final double normFactor;

    private GaussianKde(double[] data, double factor) throws AnalyticsException {
        if (data.length == 0) {
            throw AnalyticsException.valueError("`dataset` input should have multiple elements.");
        }
        this.data = data.clone();
        this.factor = factor;
        double var = Descriptive.variance(this.data, 1);
        if (var == 0.0) {
            throw new AnalyticsException("LinAlgError", "Singular matrix");
        }
        double dataInvCov = 1.0 / var;
        this.covariance = var * factor * factor;
        this.invCov = dataInvCov / (factor * factor);
        this.normFactor = Math.sqrt(2 * Math.PI * covariance) * this.data.length;
    }

    /** A KDE with Scott's factor {@code n^(-1/5)}. */
    public static GaussianKde scott(double[] data) throws AnalyticsException {
        return new GaussianKde(data, scottsFactor(data.length));
    }

    /** A KDE with factor {@code n^(-1/5) * bwFactor}. */
    public static GaussianKde withBandwidthFactor(double[] data, double bwFactor) throws AnalyticsException {
        return new GaussianKde(data, scottsFactor(data.length) * bwFactor);
    }

    /** A KDE with an explicit factor (scipy {@code bw_method} given as a scalar). */
    public static GaussianKde withFactor(double[] data, double factor) throws AnalyticsException {
        return new GaussianKde(data, factor);
    }

    /** Scott's rule for one dimension: {@code n^(-1/5)}. */
    public static double scottsFactor(int n) {
        return Math.pow(n, -1.0 / 5);
    }

    /** The bandwidth factor in use. */
    public double factor() {
        return factor;
    }

    /** The kernel variance {@code h^2}. */
    public double kernelVariance() {
        return covariance;
    }

    /** The density at each point. */
    public double[] evaluate(double[] points) {
        double[] out = new double[points.length];
        if ((long) points.length * data.length >= PARALLEL_WORK && points.length > 1) {
            IntStream.range(0, points.length).parallel().forEach(i -> out[i] = density(points[i]));
        } else {
            for (int i = 0; i < points.length; i++) {
                out[i] = density(points[i]);
            }
        }
        return out;
    }

    private double density(double x) {
        double s = 0.0;
        double ic = invCov;
        for (double d : data) {
            double diff = d - x;
            s += Math.exp(-(diff * (ic * diff)) / 2.0);
        }
        return s / normFactor;
    }

    /** The density at {@code num} evenly spaced points from {@code lo} to {@code hi} (numpy linspace). */
    public double[] evaluateLinspace(double lo, double hi, int num) {
        return evaluate(Descriptive.linspace(lo, hi, num));
    }
}
