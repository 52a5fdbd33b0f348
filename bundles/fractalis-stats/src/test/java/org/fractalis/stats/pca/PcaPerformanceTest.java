package org.fractalis.stats.pca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The target: PCA of 500 samples × 20,000 features well under scikit-learn's 9 s. Opt-in because
 * timings on a shared machine are noisy: {@code -Dfractalis.perf=true}.
 */
@EnabledIfSystemProperty(named = "fractalis.perf", matches = "true")
class PcaPerformanceTest {

    @Test
    void fiveHundredSamplesTwentyThousandFeatures() {
        int n = 500;
        int p = 20_000;
        long best = Long.MAX_VALUE;
        long bestCpu = Long.MAX_VALUE;
        for (int rep = 0; rep < 3; rep++) {
            Random r = new Random(20240601);
            double[][] features = new double[p][n];
            for (double[] f : features) {
                double mu = 8 + 2 * r.nextGaussian();
                for (int i = 0; i < n; i++) {
                    f[i] = mu + r.nextGaussian();
                }
            }
            long c0 = cpuNanos();
            long t0 = System.nanoTime();
            PcaResult res = Pca.fitFeatureMajor(features, false);
            res.loadings();
            best = Math.min(best, System.nanoTime() - t0);
            bestCpu = Math.min(bestCpu, cpuNanos() - c0);
            assertEquals(n, res.componentCount());
        }
        System.out.printf("PCA 500 x 20000: %.0f ms wall, %.0f ms CPU (all threads)%n", best / 1e6,
                bestCpu / 1e6);
        // a loaded machine stretches the wall time; CPU time below the limit means an idle one meets it
        assertTrue(best < 4_500_000_000L || bestCpu < 4_500_000_000L,
                "took " + best / 1e6 + " ms, CPU " + bestCpu / 1e6 + " ms");
    }

    /** CPU time of the whole process (all threads, including the fork-join pool). */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
