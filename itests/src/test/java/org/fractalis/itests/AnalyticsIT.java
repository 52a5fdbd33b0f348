package org.fractalis.itests;

import static org.junit.Assert.assertTrue;

import java.util.Arrays;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Every analytics task through the REST API of a booted node: golden inputs loaded with the test connector,
 * real data references in the args, the polled result compared with the golden expectation at its tolerance.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AnalyticsIT extends FractalisTestSupport {

    @Configuration
    public Option[] config() {
        return baseConfig();
    }

    @Test
    public void boxplot() throws Exception {
        Golden.assertThroughRest(browser(), "compute-boxplot", "categories_and_overlapping_subsets");
        Golden.assertThroughRest(browser(), "compute-boxplot", "error_10x_overflow");
    }

    @Test
    public void histogram() throws Exception {
        Golden.assertThroughRest(browser(), "compute-histogram", "categories_subsets");
    }

    @Test
    public void pca() throws Exception {
        Golden.assertThroughRest(browser(), "compute-pca", "whiten_categories_subsets");
    }

    /** The runtime gives fractalis-stats the JDK Vector API (its optional import is wired to the system bundle). */
    @Test
    public void statsSeesTheVectorApi() {
        assertTrue("the JVM has the incubator module",
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        Bundle stats = Arrays.stream(bundleContext.getBundles())
                .filter(b -> "fractalis-stats".equals(b.getSymbolicName())).findFirst().orElseThrow();
        boolean wired = stats.adapt(BundleWiring.class).getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE).stream()
                .anyMatch(w -> "jdk.incubator.vector".equals(
                        w.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))
                        && w.getProvider().getBundle().getBundleId() == 0);
        assertTrue("fractalis-stats imports jdk.incubator.vector from the system bundle", wired);
    }

    @Test
    public void survival() throws Exception {
        Golden.assertThroughRest(browser(), "survival-analysis", "km_censoring_categories_subsets");
        Golden.assertThroughRest(browser(), "survival-analysis", "na_censoring_categories_subsets");
    }

    @Test
    public void volcanoplot() throws Exception {
        Golden.assertThroughRest(browser(), "compute-volcanoplot", "limma_two_groups");
        Golden.assertThroughRest(browser(), "compute-volcanoplot", "deseq2_two_groups_min_count");
    }

    @Test
    public void heatmap() throws Exception {
        Golden.assertThroughRest(browser(), "compute-heatmap", "limma_logFC_max_rows_50");
        Golden.assertThroughRest(browser(), "compute-heatmap", "error_limma_one_group");
    }

    @Test
    public void cluster() throws Exception {
        Golden.assertThroughRest(browser(), "compute-cluster", "hclust_average_euclidean");
        Golden.assertThroughRest(browser(), "compute-cluster", "kmeans_well_separated");
    }
}
