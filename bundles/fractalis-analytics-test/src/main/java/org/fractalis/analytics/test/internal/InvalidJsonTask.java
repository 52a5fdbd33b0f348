package org.fractalis.analytics.test.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.fractalis.api.analytics.AnalyticsTask;
import org.fractalis.api.analytics.AnalyticsTaskName;
import org.fractalis.api.analytics.TaskArgs;
import org.osgi.service.component.annotations.Component;

/**
 * {@code invalid_json_task}: returns a result that cannot be written as JSON, like the original's
 * {@code {'a': lambda: 1}}, so tests can check that the platform turns it into a FAILURE and not an HTTP 500.
 */
@Component(service = AnalyticsTask.class)
@AnalyticsTaskName(task = "invalid_json_task")
public final class InvalidJsonTask implements AnalyticsTask {

    /**
     * An opaque object: not one of the result types {@link AnalyticsTask} allows, and with no bean
     * properties, so even a default Jackson mapper refuses it. (A lambda would not do: Jackson writes an
     * {@code IntSupplier} as {@code {"asInt": 1}} through its getter.)
     */
    static final class Function {
        @Override
        public String toString() {
            return "<function <lambda>>";
        }
    }

    @Override
    public Map<String, Object> run(TaskArgs args) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("a", new Function());
        return result;
    }
}
