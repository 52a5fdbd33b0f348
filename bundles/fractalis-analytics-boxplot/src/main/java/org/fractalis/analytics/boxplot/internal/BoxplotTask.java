package org.fractalis.analytics.boxplot.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.AnalyticsTask;
import org.fractalis.api.analytics.AnalyticsTaskName;
import org.fractalis.api.analytics.JsonText;
import org.fractalis.api.analytics.TaskArgs;
import org.fractalis.api.data.Frame;
import org.fractalis.stats.Anova;
import org.fractalis.stats.GaussianKde;
import org.fractalis.stats.Quantiles;
import org.fractalis.stats.prep.RowTable;
import org.fractalis.stats.prep.RowTable.GroupKey;
import org.osgi.service.component.annotations.Component;

/**
 * {@code compute-boxplot}: Tukey box statistics, a KDE curve per group and a one-way ANOVA over the
 * groups (golden README §4.2, CLIENT_CONTRACT §7.2).
 *
 * <p>Pipeline: concatenate the features, drop values equal to 0 (always, a quirk of the original),
 * transform, fail on ±inf, drop NaN, then id_filter, subsets and categories. Groups are feature x subset
 * x category in order of first appearance; groups with fewer than 2 values are skipped.
 */
@Component(service = AnalyticsTask.class)
@AnalyticsTaskName(task = "compute-boxplot")
public final class BoxplotTask implements AnalyticsTask {

    private static final int KDE_POINTS = 100;

    @Override
    public Map<String, Object> run(TaskArgs args) throws AnalyticsException {
        List<Frame> features = args.frames("features");
        if (features.isEmpty()) {
            throw AnalyticsException.valueError("Must at least specify one non empty numerical feature.");
        }
        for (Frame f : features) {
            if (!f.kind().isNumeric()) {
                throw AnalyticsException.valueError("Argument 'features' must reference numerical variables.");
            }
        }
        List<Frame> categories = args.frames("categories");
        List<String> idFilter = args.strings("id_filter");
        List<List<String>> subsets = args.subsets("subsets");
        String transformation = args.optionalString("transformation").orElse("identity");

        RowTable table = transform(RowTable.concat(features), transformation)
                .filterIds(idFilter)
                .applySubsets(subsets)
                .applyCategories(categories);

        int n = table.size();
        Boolean[] outlier = new Boolean[n];
        Map<String, Object> statistics = new LinkedHashMap<>();
        List<double[]> groupValues = new ArrayList<>();
        String[] featureLevels = table.featureLevels();
        String[] categoryLevels = table.categoryLevels();
        for (RowTable.Group g : table.groups(GroupKey.FEATURE, GroupKey.SUBSET, GroupKey.CATEGORY)) {
            int[] rows = g.rows();
            if (rows.length < 2) {
                continue;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new AnalyticsException("InterruptedError", "The task was cancelled.");
            }
            double[] values = table.values(rows);
            groupValues.add(values);
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            double lQrt = Quantiles.ofSorted(sorted, 25);
            double median = Quantiles.ofSorted(sorted, 50);
            double uQrt = Quantiles.ofSorted(sorted, 75);
            double iqr = uQrt - lQrt;
            double lFence = lQrt - 1.5 * iqr;
            double uFence = uQrt + 1.5 * iqr;
            double lWsk = Double.NaN;
            for (double v : sorted) {
                if (v >= lFence) {
                    lWsk = v;
                    break;
                }
            }
            double uWsk = Double.NaN;
            for (int i = sorted.length - 1; i >= 0; i--) {
                if (sorted[i] <= uFence) {
                    uWsk = sorted[i];
                    break;
                }
            }
            double[] kde = GaussianKde.scott(values).evaluateLinspace(lWsk, uWsk, KDE_POINTS);
            Map<String, Object> stats = new LinkedHashMap<>();
            stats.put("l_wsk", lWsk);
            stats.put("l_qrt", lQrt);
            stats.put("median", median);
            stats.put("u_qrt", uQrt);
            stats.put("u_wsk", uWsk);
            stats.put("kde", kde);
            String label = featureLevels[g.featureCode()] + "//" + categoryLevels[g.categoryCode()] + "//s"
                    + (g.subset() + 1);
            statistics.put(label, stats);
            for (int r : rows) {
                double v = table.value(r);
                outlier[r] = v < lWsk || v > uWsk;
            }
        }
        if (groupValues.isEmpty()) {
            // scipy f_oneway with no groups: numpy.concatenate of nothing
            throw AnalyticsException.valueError("need at least one array to concatenate");
        }
        Anova.Result anova = Anova.oneWay(groupValues.toArray(double[][]::new));

        List<Map<String, Object>> records = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("id", table.id(r));
            rec.put("feature", table.feature(r));
            rec.put("value", table.value(r));
            rec.put("subset", table.subset(r));
            rec.put("category", table.category(r));
            rec.put("outlier", outlier[r]);
            records.add(rec);
        }
        List<Object> subsetList = new ArrayList<>();
        for (int s : table.subsetOrder()) {
            subsetList.add(s);
        }
        Map<String, Object> anovaMap = new LinkedHashMap<>();
        anovaMap.put("p_value", anova.p());
        anovaMap.put("f_value", anova.f());

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("statistics", statistics);
        result.put("features", table.featureOrder());
        result.put("categories", table.categoryOrder());
        result.put("subsets", subsetList);
        result.put("anova", anovaMap);
        result.put("data", new JsonText(records));
        return result;
    }

    /**
     * Drops zeros, applies the transformation, fails on infinities, drops NaN (apply_transformation and
     * dropna of the original). An unknown transformation leaves the values as they are.
     */
    static RowTable transform(RowTable in, String transformation) throws AnalyticsException {
        RowTable.Builder b = RowTable.builder();
        boolean inf = false;
        double[] out = new double[in.size()];
        int[] keep = new int[in.size()];
        int k = 0;
        for (int r = 0; r < in.size(); r++) {
            double v = in.value(r);
            if (v == 0) {
                continue;
            }
            double t = switch (transformation) {
                case "log2(x)" -> log2(v);
                case "log10(x)" -> Math.log10(v);
                case "2^x" -> Math.pow(2, v);
                case "10^x" -> Math.pow(10, v);
                default -> v;
            };
            inf |= Double.isInfinite(t);
            out[k] = t;
            keep[k++] = r;
        }
        if (inf) {
            throw AnalyticsException.valueError("Found inf after transformation. Transformation \"" + transformation
                    + "\" should only be used on log scaled data.");
        }
        for (int i = 0; i < k; i++) {
            if (!Double.isNaN(out[i])) {
                b.add(in.id(keep[i]), in.feature(keep[i]), out[i]);
            }
        }
        return b.build();
    }

    private static double log2(double v) {
        if (v > 0 && Double.isFinite(v)) {
            int e = Math.getExponent(v);
            double m = v / Math.scalb(1.0, e);
            if (m == 1.0) {
                return e;
            }
        }
        return Math.log(v) / Math.log(2.0);
    }
}
