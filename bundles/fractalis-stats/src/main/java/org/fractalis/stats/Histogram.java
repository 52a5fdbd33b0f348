package org.fractalis.stats;

/**
 * {@code numpy.histogram(values, bins=numBins)} with equal-width bins over [min, max] (numpy 1.24):
 * edges are {@code linspace(min, max, numBins + 1)}; when min == max the range is [v - 0.5, v + 0.5].
 * A value goes to bin i when {@code edge[i] <= v < edge[i+1]}; the last bin is closed. The bin index
 * is first computed arithmetically and then corrected against the edge array, exactly as numpy does,
 * so values on an edge land where numpy puts them.
 *
 * @param counts the {@code numBins} counts
 * @param edges the {@code numBins + 1} edges
 */
public record Histogram(long[] counts, double[] edges) {

    /**
     * Computes the histogram.
     *
     * @param values finite values (at least one)
     * @param numBins number of bins, at least 1
     * @throws IllegalArgumentException for no values, NaN/infinite values or {@code numBins < 1}
     */
    public static Histogram of(double[] values, int numBins) {
        if (numBins < 1) {
            throw new IllegalArgumentException("`bins` must be positive, when an integer");
        }
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double first = values[0];
        double last = values[0];
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("autodetected range of [" + v + "] is not finite");
            }
            first = Math.min(first, v);
            last = Math.max(last, v);
        }
        if (first == last) {
            first -= 0.5;
            last += 0.5;
        }
        double[] edges = Descriptive.linspace(first, last, numBins + 1);
        long[] counts = new long[numBins];
        double norm = numBins / (last - first);
        for (double v : values) {
            int i = (int) ((v - first) * norm);
            if (i == numBins) {
                i--;
            }
            if (v < edges[i]) {
                i--;
            }
            if (i != numBins - 1 && v >= edges[i + 1]) {
                i++;
            }
            counts[i]++;
        }
        return new Histogram(counts, edges);
    }
}
