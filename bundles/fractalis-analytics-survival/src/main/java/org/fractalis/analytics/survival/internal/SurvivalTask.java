package org.fractalis.analytics.survival.internal;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.AnalyticsTask;
import org.fractalis.api.analytics.AnalyticsTaskName;
import org.fractalis.api.analytics.TaskArgs;
import org.fractalis.api.data.Frame;
import org.fractalis.stats.prep.RowTable;
import org.fractalis.stats.prep.RowTable.GroupKey;
import org.fractalis.stats.survival.KaplanMeier;
import org.fractalis.stats.survival.NelsonAalen;
import org.fractalis.stats.survival.SurvivalCurve;
import org.osgi.service.component.annotations.Component;

/**
 * {@code survival-analysis}: Kaplan-Meier survival or Nelson-Aalen cumulative hazard curves per category and
 * subset, with lifelines 0.14.3 semantics (golden README §4.5, CLIENT_CONTRACT §7.5).
 *
 * <p>Pipeline: drop missing durations, id_filter, subsets, categories; then for every category (outer) and subset
 * with more than 3 durations fit the estimator. An id counts as "event observed" when it has a non-null value in
 * the event variable (any value, a quirk of the original); without an event variable every duration is an event.
 */
@Component(service = AnalyticsTask.class)
@AnalyticsTaskName(task = "survival-analysis")
public final class SurvivalTask implements AnalyticsTask {

    /** Groups with this many durations or fewer are left out. */
    private static final int MIN_EXCLUSIVE = 3;

    @Override
    public Map<String, Object> run(TaskArgs args) throws AnalyticsException {
        List<Frame> durations = args.frames("durations");
        if (durations.size() != 1) {
            throw AnalyticsException.valueError(
                    "Analysis requires exactly one array that specifies the duration length.");
        }
        List<Frame> eventObserved = args.frames("event_observed");
        if (eventObserved.size() > 1) {
            throw AnalyticsException.valueError("Maximal one variable for \"event_observed\" allowed");
        }
        Frame duration = durations.get(0);
        if (!duration.kind().isNumeric()) {
            throw AnalyticsException.valueError("Argument 'durations' must reference a numerical variable.");
        }
        String estimator = args.optionalString("estimator").orElse("None");
        List<Frame> categories = args.frames("categories");
        for (Frame c : categories) {
            if (c.kind().isNumeric()) {
                throw AnalyticsException.valueError("Argument 'categories' must reference categorical variables.");
            }
        }

        RowTable table = RowTable.of(duration)
                .dropNaN()
                .filterIds(args.strings("id_filter"))
                .applySubsets(args.subsets("subsets"))
                .applyCategories(categories);

        Set<String> observedIds = null;
        if (!eventObserved.isEmpty()) {
            Frame events = eventObserved.get(0);
            observedIds = new HashSet<>();
            for (int r = 0; r < events.size(); r++) {
                Object v = events.value(r);
                boolean present = v instanceof Double d ? !Double.isNaN(d) : v != null;
                if (present) {
                    observedIds.add(events.id(r));
                }
            }
        }

        Map<String, Object> stats = new LinkedHashMap<>();
        String[] categoryLevels = table.categoryLevels();
        for (RowTable.Group g : table.groups(GroupKey.CATEGORY, GroupKey.SUBSET)) {
            int[] rows = g.rows();
            if (rows.length <= MIN_EXCLUSIVE) {
                continue;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new AnalyticsException("InterruptedError", "The task was cancelled.");
            }
            double[] t = table.values(rows);
            boolean[] observed = null;
            if (observedIds != null) {
                observed = new boolean[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    observed[i] = observedIds.contains(table.id(rows[i]));
                }
            }
            SurvivalCurve curve;
            if ("NelsonAalen".equals(estimator)) {
                curve = NelsonAalen.fit(t, observed);
            } else if ("KaplanMeier".equals(estimator)) {
                curve = KaplanMeier.fit(t, observed);
            } else {
                throw AnalyticsException.valueError("Unknown estimator: " + estimator);
            }
            Map<String, Object> group = new LinkedHashMap<>();
            group.put("timeline", curve.timeline());
            group.put("estimate", curve.estimate());
            group.put("ci_lower", curve.ciLower());
            group.put("ci_upper", curve.ciUpper());
            @SuppressWarnings("unchecked")
            Map<String, Object> byCategory = (Map<String, Object>) stats.computeIfAbsent(
                    categoryLevels[g.categoryCode()], c -> new LinkedHashMap<String, Object>());
            byCategory.put(Integer.toString(g.subset()), group);
        }

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("label", table.feature(0));
        result.put("categories", table.categoryOrder());
        result.put("subsets", table.subsetOrder());
        result.put("stats", stats);
        return result;
    }
}
