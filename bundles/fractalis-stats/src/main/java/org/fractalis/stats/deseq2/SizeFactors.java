package org.fractalis.stats.deseq2;

/** DESeq2's {@code estimateSizeFactorsForMatrix}: the median-of-ratios method (Anders and Huber 2010). */
final class SizeFactors {

    private SizeFactors() {
    }

    /**
     * @param counts {@code [gene][sample]} non-negative counts
     * @return one size factor per sample
     * @throws Deseq2Exception if every gene has a zero count (no finite geometric mean)
     */
    static double[] medianOfRatios(double[][] counts) throws Deseq2Exception {
        int n = counts.length;
        if (n == 0) {
            throw new Deseq2Exception("every gene contains at least one zero, cannot compute log geometric means");
        }
        int m = counts[0].length;
        double[] logGeoMeans = new double[n];
        boolean anyFinite = false;
        for (int i = 0; i < n; i++) {
            double s = 0;
            boolean finite = true;
            for (int j = 0; j < m; j++) {
                if (counts[i][j] == 0) {
                    finite = false;
                    break;
                }
                s += Math.log(counts[i][j]);
            }
            logGeoMeans[i] = finite ? s / m : Double.NEGATIVE_INFINITY;
            anyFinite |= finite;
        }
        if (!anyFinite) {
            throw new Deseq2Exception("every gene contains at least one zero, cannot compute log geometric means");
        }
        double[] sf = new double[m];
        double[] ratios = new double[n];
        for (int j = 0; j < m; j++) {
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (logGeoMeans[i] != Double.NEGATIVE_INFINITY && counts[i][j] > 0) {
                    ratios[k++] = Math.log(counts[i][j]) - logGeoMeans[i];
                }
            }
            sf[j] = Math.exp(RFunctions.median(ratios, k));
        }
        return sf;
    }
}
