package org.fractalis.analytics.test.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.AnalyticsTask;
import org.fractalis.api.analytics.AnalyticsTaskName;
import org.fractalis.api.analytics.TaskArgs;
import org.fractalis.api.data.Frame;
import org.osgi.service.component.annotations.Component;

/**
 * {@code sum_df_test_task}: {@code {"sum": <sum of the values of data reference a>}}, missing values skipped
 * (as pandas' sum does); proves that a data reference reaches a task as a frame.
 */
@Component(service = AnalyticsTask.class)
@AnalyticsTaskName(task = "sum_df_test_task")
public final class SumDfTestTask implements AnalyticsTask {

    @Override
    public Map<String, Object> run(TaskArgs args) throws AnalyticsException {
        Frame a = args.frame("a");
        if (!a.kind().isNumeric()) {
            throw new AnalyticsException("TypeError", "Argument 'a' is categorical data; only numbers can be summed.");
        }
        double sum = 0;
        for (int r = 0, n = a.size(); r < n; r++) {
            double v = a.number(r);
            if (!Double.isNaN(v)) {
                sum += v;
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("sum", sum);
        return result;
    }
}
