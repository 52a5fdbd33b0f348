package org.fractalis.analytics.test.internal;

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
import org.osgi.service.component.annotations.Component;

/**
 * {@code merge_df_task}: appends the frames of the list of references {@code df_list} and returns the rows as
 * the original did ({@code {"df": "<JSON string of records>"}}, {@code ""} for an empty list), plus
 * {@code "rows"}, their count; proves that a list of references reaches a task as a list of frames.
 */
@Component(service = AnalyticsTask.class)
@AnalyticsTaskName(task = "merge_df_task")
public final class MergeDfTask implements AnalyticsTask {

    @Override
    public Map<String, Object> run(TaskArgs args) throws AnalyticsException {
        List<Frame> frames = args.frames("df_list");
        Map<String, Object> result = new LinkedHashMap<>();
        if (frames.isEmpty()) {
            result.put("df", "");
            result.put("rows", 0);
            return result;
        }
        List<Map<String, Object>> records = new ArrayList<>();
        for (Frame f : frames) {
            for (int r = 0, n = f.size(); r < n; r++) {
                Map<String, Object> record = new LinkedHashMap<>();
                record.put("id", f.id(r));
                record.put("feature", f.feature(r));
                record.put("value", f.value(r));
                records.add(record);
            }
        }
        result.put("df", new JsonText(records));
        result.put("rows", records.size());
        return result;
    }
}
