package org.fractalis.stats.deseq2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * Runs {@link Deseq2} on the input of the golden case {@code compute-volcanoplot/deseq2_two_groups_min_count}
 * (pre-processed as the volcano task does) and compares with the expected R DESeq2 1.38 results at the case's
 * tolerances.
 */
class Deseq2GoldenTest {

    static final String[] COLUMNS = {"baseMean", "log2FoldChange", "lfcSE", "stat", "pvalue", "padj"};

    static Path goldenDir() {
        String base = System.getProperty("basedir", ".");
        return Paths.get(base).resolve("../../testkit/fractalis-golden/src/main/resources/golden/compute-volcanoplot")
                .normalize();
    }

    /** A pre-processed DESeq2 golden case: matrix, conditions, feature names and the expected stats. */
    static final class Case {
        final List<String> features = new ArrayList<>();
        double[][] counts;
        int[] condition;
        Map<String, Object> expected;
        Map<String, Object> tolerance;
    }

    @SuppressWarnings("unchecked")
    static Case load(String name) throws IOException {
        String text = new String(Files.readAllBytes(goldenDir().resolve(name)), StandardCharsets.UTF_8);
        Map<String, Object> root = (Map<String, Object>) MiniJson.parse(text);
        Map<String, Object> args = (Map<String, Object>) root.get("args");
        List<Object> subsets = (List<Object>) args.get("subsets");
        Map<String, Object> params = (Map<String, Object>) args.get("params");
        double minTotal = params == null || params.get("min_total_row_count") == null ? 0
                : (Double) params.get("min_total_row_count");
        Map<String, Object> inputs = (Map<String, Object>) root.get("inputs");
        Map<String, Map<String, Double>> cells = new HashMap<>();
        TreeSet<String> features = new TreeSet<>();
        for (Object frame : inputs.values()) {
            for (Object r : (List<Object>) frame) {
                Map<String, Object> row = (Map<String, Object>) r;
                String feature = (String) row.get("feature");
                features.add(feature);
                cells.computeIfAbsent(feature, f -> new HashMap<>()).put((String) row.get("id"),
                        (Double) row.get("value"));
            }
        }
        List<String> ids = new ArrayList<>();
        List<Integer> cond = new ArrayList<>();
        for (int s = 0; s < subsets.size(); s++) {
            for (Object id : (List<Object>) subsets.get(s)) {
                ids.add((String) id);
                cond.add(s);
            }
        }
        Case c = new Case();
        List<double[]> rows = new ArrayList<>();
        for (String f : features) {
            double[] row = new double[ids.size()];
            double total = 0;
            for (int j = 0; j < ids.size(); j++) {
                Double v = cells.get(f).get(ids.get(j));
                row[j] = v == null ? Double.NaN : v;
                total += row[j];
            }
            if (total >= minTotal) {
                rows.add(row);
                c.features.add(f);
            }
        }
        c.counts = rows.toArray(new double[0][]);
        c.condition = cond.stream().mapToInt(Integer::intValue).toArray();
        c.expected = (Map<String, Object>) ((Map<String, Object>) root.get("expected")).get("stats");
        c.tolerance = (Map<String, Object>) root.get("tolerance");
        return c;
    }

    static double[] column(DeseqResult r, String name) {
        switch (name) {
            case "baseMean":
                return r.baseMean();
            case "log2FoldChange":
                return r.log2FoldChange();
            case "lfcSE":
                return r.lfcSE();
            case "stat":
                return r.stat();
            case "pvalue":
                return r.pvalue();
            default:
                return r.padj();
        }
    }

    /** rel/abs tolerance for one column from the case's tolerance block (last matching override wins). */
    @SuppressWarnings("unchecked")
    static double[] tolerance(Map<String, Object> tol, String column) {
        double rel = (Double) tol.get("rel");
        double abs = (Double) tol.get("abs");
        List<Object> overrides = (List<Object>) tol.get("overrides");
        if (overrides != null) {
            for (Object o : overrides) {
                Map<String, Object> ov = (Map<String, Object>) o;
                if (("stats/" + column + "/*").equals(ov.get("path"))) {
                    rel = (Double) ov.get("rel");
                    abs = (Double) ov.get("abs");
                }
            }
        }
        return new double[] {rel, abs};
    }

    @Test
    @SuppressWarnings("unchecked")
    void twoGroupsMinCountMatchesR() throws Exception {
        Case c = load("deseq2_two_groups_min_count.json");
        assertEquals(c.expected.get("feature"), c.features, "pre-processing selects the expected features");
        DeseqResult r = Deseq2.run(c.counts, c.condition);
        StringBuilder report = new StringBuilder();
        for (String col : COLUMNS) {
            double[] tol = tolerance(c.tolerance, col);
            List<Object> exp = (List<Object>) c.expected.get(col);
            double[] act = column(r, col);
            assertEquals(exp.size(), act.length, col);
            double worst = 0;
            for (int i = 0; i < act.length; i++) {
                Double e = (Double) exp.get(i);
                if (e == null) {
                    assertTrue(Double.isNaN(act[i]), col + "[" + i + "] should be NA but is " + act[i]);
                    continue;
                }
                assertTrue(Double.isFinite(act[i]), col + "[" + i + "] should be " + e + " but is " + act[i]);
                double diff = Math.abs(act[i] - e);
                worst = Math.max(worst, e == 0 ? diff : diff / Math.abs(e));
                assertTrue(diff <= tol[1] + tol[0] * Math.abs(e),
                        col + "[" + i + "] (" + c.features.get(i) + "): expected " + e + " but was " + act[i]);
            }
            report.append(String.format("%s worst rel %.3g; ", col, worst));
        }
        System.out.println("DESeq2 golden deseq2_two_groups_min_count: " + report);
    }
}
