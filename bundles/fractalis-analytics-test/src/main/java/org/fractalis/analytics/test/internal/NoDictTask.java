package org.fractalis.analytics.test.internal;

import java.util.Map;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.AnalyticsTask;
import org.fractalis.api.analytics.AnalyticsTaskName;
import org.fractalis.api.analytics.TaskArgs;
import org.osgi.service.component.annotations.Component;

/**
 * {@code no_dict_task}: the original returned {@code 123} instead of a dict, and the job failed with a
 * TypeError. {@link AnalyticsTask#run} can only return a map, so this task fails the same way by itself.
 */
@Component(service = AnalyticsTask.class)
@AnalyticsTaskName(task = "no_dict_task")
public final class NoDictTask implements AnalyticsTask {

    static final String MESSAGE =
            "The task 'no_dict_task' returned an object with type 'int', instead of expected type 'dict'.";

    @Override
    public Map<String, Object> run(TaskArgs args) throws AnalyticsException {
        throw new AnalyticsException("TypeError", MESSAGE);
    }
}
