package org.fractalis.benchmarks.analytics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import org.fractalis.stats.GaussianKde;
import org.fractalis.stats.cluster.CutTree;
import org.fractalis.stats.cluster.DistanceMetric;
import org.fractalis.stats.cluster.Linkage;
import org.fractalis.stats.cluster.LinkageMethod;
import org.fractalis.stats.cluster.LinkageTree;
import org.fractalis.stats.deseq2.Deseq2;
import org.fractalis.stats.deseq2.DeseqResult;
import org.fractalis.stats.limma.Limma;
import org.fractalis.stats.limma.LimmaResult;
import org.fractalis.stats.pca.Pca;
import org.fractalis.stats.pca.PcaResult;

/**
 * Computes a few summary numbers of every benchmarked operation on the benchmark data, so that run.sh can check
 * that the Java code and the references do the same work (the references write the same quantities next to
 * their timings, under {@code "check"}). Writes {@code check-java.json} to the directory given as argument.
 */
public final class CrossCheck {

    private CrossCheck() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Paths.get(args.length > 0 ? args[0] : "target").resolve("check-java.json");
        Map<String, Double> c = new LinkedHashMap<>();

        int nf = DataFiles.EXPR_FEATURES;
        int ns = DataFiles.EXPR_SAMPLES;
        double[] expr = DataFiles.read(DataFiles.EXPR, nf * ns);
        int[] columns = new int[ns];
        int[] groups = new int[ns];
        for (int j = 0; j < ns; j++) {
            columns[j] = j;
            groups[j] = j < ns / 2 ? 0 : 1;
        }
        LimmaResult limma = Limma.groupMeans(expr, nf, ns, columns, groups, 2);
        Map<String, double[]> tt = limma.topTable();
        c.put("limma_n_adj_p_below_0.05", (double) count(tt.get("adj.P.Val"), 0.05));
        c.put("limma_s2_prior", limma.s2Prior());
        c.put("limma_df_prior", limma.dfPrior());
        c.put("limma_sum_abs_t", sumAbs(tt.get("t")));

        double[][] samples = new double[ns][nf];
        for (int i = 0; i < nf; i++) {
            for (int j = 0; j < ns; j++) {
                samples[j][i] = expr[i * ns + j];
            }
        }
        expr = null;
        PcaResult pca = Pca.fit(samples, false);
        samples = null;
        double[] ratio = pca.explainedVarianceRatio();
        c.put("pca_evr_0", ratio[0]);
        c.put("pca_evr_1", ratio[1]);
        c.put("pca_ev_sum", Arrays.stream(pca.explainedVariance()).sum());

        double[][] counts = DataFiles.readRows(DataFiles.COUNTS, DataFiles.COUNT_GENES, DataFiles.COUNT_SAMPLES);
        int[] cond = new int[DataFiles.COUNT_SAMPLES];
        for (int j = 0; j < cond.length; j++) {
            cond[j] = j < cond.length / 2 ? 0 : 1;
        }
        DeseqResult de = Deseq2.run(counts, cond);
        c.put("deseq2_n_padj_below_0.1", (double) count(de.padj(), 0.1));
        c.put("deseq2_n_pvalue_na", (double) Arrays.stream(de.pvalue()).filter(Double::isNaN).count());
        c.put("deseq2_size_factor_1", de.sizeFactors()[0]);
        c.put("deseq2_sum_abs_stat", sumAbs(de.stat()));

        double[][] x = DataFiles.readRows(DataFiles.HCLUST, DataFiles.HCLUST_ROWS, DataFiles.HCLUST_COLS);
        LinkageTree tree = Linkage.linkage(x, LinkageMethod.AVERAGE, DistanceMetric.EUCLIDEAN);
        c.put("linkage_last_height", tree.height(tree.merges() - 1));
        c.put("linkage_sum_heights", sumHeights(tree));
        int[] labels = CutTree.cut(tree, 5);
        int[] sizes = new int[5];
        for (int l : labels) {
            sizes[l]++;
        }
        for (int k = 0; k < 5; k++) {
            c.put("cut_tree_size_" + k, (double) sizes[k]);
        }

        double[] kdeData = DataFiles.read(DataFiles.KDE, DataFiles.KDE_POINTS);
        double min = Arrays.stream(kdeData).min().orElseThrow();
        double max = Arrays.stream(kdeData).max().orElseThrow();
        double[] dens = GaussianKde.scott(kdeData).evaluateLinspace(min, max, DataFiles.KDE_GRID);
        c.put("kde_max", Arrays.stream(dens).max().orElseThrow());
        c.put("kde_sum", Arrays.stream(dens).sum());

        StringJoiner j = new StringJoiner(",\n ", "{", "}\n");
        c.forEach((k, v) -> j.add(String.format(Locale.ROOT, "\"%s\": %.17g", k, v)));
        Files.writeString(out, j.toString(), StandardCharsets.UTF_8);
        System.out.print(j);
    }

    private static int count(double[] v, double below) {
        int n = 0;
        for (double d : v) {
            n += d < below ? 1 : 0;
        }
        return n;
    }

    private static double sumAbs(double[] v) {
        double s = 0;
        for (double d : v) {
            s += Double.isFinite(d) ? Math.abs(d) : 0;
        }
        return s;
    }

    private static double sumHeights(LinkageTree t) {
        double s = 0;
        for (int k = 0; k < t.merges(); k++) {
            s += t.height(k);
        }
        return s;
    }
}
