package org.fractalis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

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

    /** Every answer the browsers of these tests get is checked against the node's OpenAPI document. */
    @org.junit.Before
    public void checkEveryAnswerAgainstTheOpenApiDocument() {
        checkAnswersAgainstOpenApi();
    }

    @org.junit.After
    public void noAnswerOutsideTheOpenApiDocument() {
        assertAnswersMatchedOpenApi("AnalyticsIT");
    }

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

    /**
     * Issue 12: a numerical array the test connector generates is a matrix frame (no id or feature codes), cached and
     * read back as one; heatmap, volcano plot and PCA give the same results for it as for the same values loaded row
     * by row (a long frame).
     */
    @Test
    public void matrixFramesAnalyseAsTheirRows() throws Exception {
        Browser b = browser();
        String matrix = load(b, List.of(Map.of("data_type", "numerical_array", "num_samples", 24, "num_features", 15,
                "seed", 7, "label", "matrix"))).get(0);
        assertEquals("SUCCESS", dataState(b, matrix).get("etl_state").asText());
        // every cell, read back through a heatmap of all features
        JsonNode cells = result(analyse(b, "compute-heatmap", Map.of("numerical_arrays", List.of(ref(matrix)),
                "numericals", List.of(), "categoricals", List.of(), "ranking_method", "mean", "params", Map.of(),
                "id_filter", List.of(), "max_rows", 1000, "subsets", List.of()))).get("data");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < cells.get("id").size(); i++) {
            rows.add(row(cells.get("id").get(i).asText(), cells.get("feature").get(i).asText(),
                    cells.get("value").get(i).asDouble()));
        }
        assertEquals(24 * 15, rows.size());
        String longForm = load(b, List.of(rows("numerical_array", "rows", rows))).get(0);
        assertEquals("SUCCESS", dataState(b, longForm).get("etl_state").asText());

        List<List<String>> halves = List.of(new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < 24; i++) {
            halves.get(i < 12 ? 0 : 1).add(Integer.toString(i));
        }
        Map<String, Function<String, Map<String, Object>>> tasks = Map.of(
                "compute-heatmap", id -> Map.of("numerical_arrays", List.of(ref(id)), "numericals", List.of(),
                        "categoricals", List.of(), "ranking_method", "logFC", "params", Map.of(), "id_filter",
                        List.of(), "max_rows", 10, "subsets", halves),
                "compute-volcanoplot", id -> Map.of("numerical_arrays", List.of(ref(id)), "id_filter", List.of(),
                        "params", Map.of("min_total_row_count", 10), "ranking_method", "limma", "subsets", halves),
                "compute-pca", id -> Map.of("features", List.of(ref(id)), "categories", List.of(), "whiten", false,
                        "id_filter", List.of("1", "2", "3", "5", "8", "13", "21", "4", "9", "16"), "subsets",
                        List.of()));
        for (Map.Entry<String, Function<String, Map<String, Object>>> t : tasks.entrySet()) {
            JsonNode fromMatrix = result(analyse(b, t.getKey(), t.getValue().apply(matrix)));
            JsonNode fromRows = result(analyse(b, t.getKey(), t.getValue().apply(longForm)));
            assertSameJson(t.getKey(), fromRows, fromMatrix);
        }
    }

    /** The result of a finished analysis, parsed also where it is double-encoded. */
    private static JsonNode result(Browser.Reply poll) throws Exception {
        assertEquals(poll.toString(), "SUCCESS", poll.json().get("state").asText());
        JsonNode r = poll.json().get("result");
        return r.isTextual() ? Browser.JSON.readTree(r.asText()) : r;
    }

    /** Equal JSON, numbers within 1e-12 relative (the same computation on the same matrix). */
    private static void assertSameJson(String path, JsonNode expected, JsonNode actual) {
        if (expected.isNumber() && actual.isNumber()) {
            double e = expected.asDouble();
            double a = actual.asDouble();
            assertTrue(path + ": " + e + " vs " + a, Math.abs(e - a) <= 1e-12 * Math.max(1, Math.abs(e)));
            return;
        }
        assertEquals(path, expected.getNodeType(), actual.getNodeType());
        if (expected.isObject()) {
            assertEquals(path, iterate(expected.fieldNames()), iterate(actual.fieldNames()));
            expected.fieldNames().forEachRemaining(f -> assertSameJson(path + "." + f, expected.get(f), actual.get(f)));
        } else if (expected.isArray()) {
            assertEquals(path + " length", expected.size(), actual.size());
            for (int i = 0; i < expected.size(); i++) {
                assertSameJson(path + "[" + i + "]", expected.get(i), actual.get(i));
            }
        } else {
            assertEquals(path, expected, actual);
        }
    }

    private static List<String> iterate(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    public void cluster() throws Exception {
        Golden.assertThroughRest(browser(), "compute-cluster", "hclust_average_euclidean");
        Golden.assertThroughRest(browser(), "compute-cluster", "kmeans_well_separated");
    }
}
