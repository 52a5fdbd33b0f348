package org.fractalis.analytics.histogram.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.AnalyticsTask;
import org.fractalis.api.analytics.AnalyticsTaskName;
import org.fractalis.api.analytics.JsonText;
import org.fractalis.api.analytics.TaskArgs;
import org.fractalis.api.data.Frame;
import org.fractalis.stats.Descriptive;
import org.fractalis.stats.GaussianKde;
import org.fractalis.stats.Histogram;
import org.fractalis.stats.prep.RowTable;
import org.fractalis.stats.prep.RowTable.GroupKey;
import org.osgi.service.component.annotations.Component;

/**
 * {@code compute-histogram}: numpy histogram, mean, median, population std and a KDE curve per
 * (category, subset) group (golden README §4.3, CLIENT_CONTRACT §7.3).
 *
 * <p>Pipeline: drop NaN (nothing left fails), id_filter, subsets, categories; groups are category
 * (outer) x subset in order of first appearance, groups with fewer than 2 values are skipped.
 */
@Component(service = AnalyticsTask.class)
@AnalyticsTaskName(task = "compute-histogram")
public final class HistogramTask implements AnalyticsTask {

    private static final int KDE_POINTS = 200;

    /**
     * Most bins per histogram. Each bin costs a count and an edge per group, kept with the result for an hour;
     * 5,000,000 bins made a 74 MB result and thirty such requests filled the store (issue 10). A chart shows at
     * most a few hundred bars, and the front end offers far fewer.
     */
    static final int MAX_BINS = 10_000;

    @Override
    public Map<String, Object> run(TaskArgs args) throws AnalyticsException {
        Frame data = args.frame("data");
        if (!data.kind().isNumeric()) {
            throw AnalyticsException.valueError("Argument 'data' must reference a numerical variable.");
        }
        double bwFactor = args.number("bw_factor");
        Object rawBins = args.get("num_bins");
        if (rawBins instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() > MAX_BINS) {
            throw AnalyticsException.valueError("num_bins must be between 1 and " + MAX_BINS + ", not "
                    + new java.math.BigDecimal(n.toString()).toPlainString());
        }
        int numBins = args.integer("num_bins");
        if (numBins < 1) {
            throw AnalyticsException.valueError("`bins` must be positive, when an integer");
        }
        List<String> idFilter = args.strings("id_filter");
        List<List<String>> subsets = args.subsets("subsets");
        List<Frame> categories = args.frames("categories");

        RowTable table = RowTable.of(data).dropNaN();
        if (table.isEmpty()) {
            throw AnalyticsException.valueError("The selected numerical variable must be non-empty.");
        }
        table = table.filterIds(idFilter).applySubsets(subsets).applyCategories(categories);

        String[] categoryLevels = table.categoryLevels();
        Map<String, Object> stats = new LinkedHashMap<>();
        for (RowTable.Group g : table.groups(GroupKey.CATEGORY, GroupKey.SUBSET)) {
            int[] rows = g.rows();
            if (rows.length < 2) {
                continue;
            }
            double[] values = table.values(rows);
            Histogram h = Histogram.of(values, numBins);
            double min = Descriptive.min(values);
            double max = Descriptive.max(values);
            double[] dist = GaussianKde.withBandwidthFactor(values, bwFactor).evaluateLinspace(min, max, KDE_POINTS);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("hist", h.counts());
            s.put("bin_edges", h.edges());
            s.put("mean", Descriptive.mean(values));
            s.put("median", Descriptive.median(values));
            s.put("std", Descriptive.std(values, 0));
            s.put("dist", dist);
            @SuppressWarnings("unchecked")
            Map<String, Object> byCategory = (Map<String, Object>) stats.computeIfAbsent(
                    categoryLevels[g.categoryCode()], k -> new LinkedHashMap<String, Object>());
            byCategory.put(Integer.toString(g.subset()), s);
        }

        List<Map<String, Object>> records = new ArrayList<>(table.size());
        for (int r = 0; r < table.size(); r++) {
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("id", table.id(r));
            rec.put("feature", table.feature(r));
            rec.put("value", table.value(r));
            rec.put("subset", table.subset(r));
            rec.put("category", table.category(r));
            records.add(rec);
        }
        List<Object> subsetList = new ArrayList<>();
        for (int s : table.subsetOrder()) {
            subsetList.add(s);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("data", new JsonText(records));
        result.put("stats", stats);
        result.put("subsets", subsetList);
        result.put("categories", table.categoryOrder());
        result.put("label", table.feature(0));
        return result;
    }
}
