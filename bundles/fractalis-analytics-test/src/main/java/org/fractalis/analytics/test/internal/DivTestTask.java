package org.fractalis.analytics.test.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.AnalyticsTask;
import org.fractalis.api.analytics.AnalyticsTaskName;
import org.fractalis.api.analytics.TaskArgs;
import org.osgi.service.component.annotations.Component;

/** {@code div_test_task}: {@code {"div": a / b}}; with b = 0 it is the tests' standard failing task. */
@Component(service = AnalyticsTask.class)
@AnalyticsTaskName(task = "div_test_task")
public final class DivTestTask implements AnalyticsTask {

    @Override
    public Map<String, Object> run(TaskArgs args) throws AnalyticsException {
        double a = args.number("a");
        double b = args.number("b");
        if (b == 0) {
            throw new AnalyticsException("ZeroDivisionError", "division by zero");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("div", a / b);
        return result;
    }
}
