package org.fractalis.analytics.correlation.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.AnalyticsTask;
import org.fractalis.api.analytics.AnalyticsTaskName;
import org.fractalis.api.analytics.JsonText;
import org.fractalis.api.analytics.TaskArgs;
import org.fractalis.api.data.Frame;
import org.fractalis.stats.Correlation;
import org.fractalis.stats.LineFit;
import org.fractalis.stats.prep.RowTable;
import org.osgi.service.component.annotations.Component;

/**
 * {@code compute-correlation} (scatterplot): the correlation of two numerical variables with a
 * regression line (golden README §4.1, CLIENT_CONTRACT §7.1).
 *
 * <ol>
 * <li>x and y must each hold exactly one feature; the method must be pearson, spearman or kendall.</li>
 * <li>Inner join on id (left order, all matching y rows per x row), drop rows with a missing value;
 * nothing left fails with "X and Y do not share any ids.". Then id_filter, subsets, categories.</li>
 * <li>The statistics use the first row of each id, and only rows whose category is not null; fewer
 * than 2 such rows give null coef, p_value, slope and intercept.</li>
 * </ol>
 */
@Component(service = AnalyticsTask.class)
@AnalyticsTaskName(task = "compute-correlation")
public final class CorrelationTask implements AnalyticsTask {

    private static final String INVALID_INPUT = "Input is invalid. Please make sure that the two variables to "
            + "compare have exactly one dimension, each.";

    @Override
    public Map<String, Object> run(TaskArgs args) throws AnalyticsException {
        Frame x = numeric(args.frame("x"), "x");
        Frame y = numeric(args.frame("y"), "y");
        List<String> xf = x.features();
        List<String> yf = y.features();
        if (xf.size() != 1 || yf.size() != 1) {
            throw AnalyticsException.valueError(INVALID_INPUT);
        }
        String method = args.string("method");
        if (!method.equals("pearson") && !method.equals("spearman") && !method.equals("kendall")) {
            throw AnalyticsException.valueError("Unknown method '" + method + "'");
        }
        List<String> idFilter = args.strings("id_filter");
        List<List<String>> subsets = args.subsets("subsets");
        List<Frame> categories = args.frames("categories");

        // inner join on id, keeping x order; value column = x, y values by source row
        Map<String, List<Integer>> yRows = new HashMap<>();
        for (int r = 0; r < y.size(); r++) {
            yRows.computeIfAbsent(y.id(r), k -> new ArrayList<>(1)).add(r);
        }
        RowTable.Builder joined = RowTable.builder();
        double[] yValues = new double[Math.max(16, x.size())];
        int n = 0;
        for (int r = 0; r < x.size(); r++) {
            double vx = x.number(r);
            List<Integer> matches = yRows.get(x.id(r));
            if (matches == null || Double.isNaN(vx)) {
                continue;
            }
            for (int yr : matches) {
                double vy = y.number(yr);
                if (Double.isNaN(vy)) {
                    continue;
                }
                if (n == yValues.length) {
                    yValues = java.util.Arrays.copyOf(yValues, n * 2);
                }
                joined.add(x.id(r), x.feature(r), vx);
                yValues[n++] = vy;
            }
        }
        if (n == 0) {
            throw AnalyticsException.valueError("X and Y do not share any ids.");
        }
        RowTable table = joined.build()
                .filterIds(idFilter)
                .applySubsets(subsets)
                .applyCategories(categories);

        String xLabel = xf.get(0);
        String yLabel = yf.get(0);

        // statistics: first row per id, rows with a null category excluded
        boolean[] seen = new boolean[table.idLevelCount()];
        double[] sx = new double[table.size()];
        double[] sy = new double[table.size()];
        int m = 0;
        for (int r = 0; r < table.size(); r++) {
            int id = table.idCode(r);
            if (seen[id]) {
                continue;
            }
            seen[id] = true;
            if (table.categoryCode(r) == RowTable.NULL_CATEGORY) {
                continue;
            }
            sx[m] = table.value(r);
            sy[m] = yValues[table.source(r)];
            m++;
        }
        double coef = Double.NaN;
        double p = Double.NaN;
        double slope = Double.NaN;
        double intercept = Double.NaN;
        if (m >= 2) {
            double[] vx = java.util.Arrays.copyOf(sx, m);
            double[] vy = java.util.Arrays.copyOf(sy, m);
            Correlation.Result c = switch (method) {
                case "pearson" -> Correlation.pearson(vx, vy);
                case "spearman" -> Correlation.spearman(vx, vy);
                default -> Correlation.kendall(vx, vy);
            };
            coef = c.coef();
            p = c.p();
            LineFit.Line line = LineFit.polyfit1(vx, vy);
            slope = line.slope();
            intercept = line.intercept();
        }

        List<Map<String, Object>> records = new ArrayList<>(table.size());
        for (int r = 0; r < table.size(); r++) {
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("id", table.id(r));
            rec.put("feature_x", table.feature(r));
            rec.put("value_x", table.value(r));
            rec.put("feature_y", yLabel);
            rec.put("value_y", yValues[table.source(r)]);
            rec.put("subset", table.subset(r));
            rec.put("category", table.category(r));
            records.add(rec);
        }

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("coef", coef);
        result.put("p_value", p);
        result.put("slope", slope);
        result.put("intercept", intercept);
        result.put("method", method);
        result.put("data", new JsonText(records));
        result.put("x_label", xLabel);
        result.put("y_label", yLabel);
        return result;
    }

    private static Frame numeric(Frame f, String name) throws AnalyticsException {
        if (!f.kind().isNumeric()) {
            throw AnalyticsException.valueError("Argument '" + name + "' must be a numerical variable.");
        }
        return f;
    }
}
