package org.fractalis.analytics.test.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.AnalyticsTask;
import org.fractalis.api.analytics.AnalyticsTaskName;
import org.fractalis.api.analytics.TaskArgs;
import org.osgi.service.component.annotations.Component;

/**
 * {@code nothing_test_task}: waits {@code seconds} (default 10), then returns {@code {"foo": "bar"}}; the
 * long-running job of the cancel and polling tests. An interrupt (cancellation) ends the wait at once with
 * {@code Cancelled: The task was cancelled.}, the interrupt flag set again for the caller.
 */
@Component(service = AnalyticsTask.class)
@AnalyticsTaskName(task = "nothing_test_task")
public final class NothingTestTask implements AnalyticsTask {

    static final double DEFAULT_SECONDS = 10;

    @Override
    public Map<String, Object> run(TaskArgs args) throws AnalyticsException {
        double seconds = args.has("seconds") ? args.number("seconds") : DEFAULT_SECONDS;
        if (seconds < 0) {
            throw AnalyticsException.valueError("sleep length must be non-negative");
        }
        try {
            // Saturates at Long.MAX_VALUE nanoseconds (about 292 years) for absurd values.
            TimeUnit.NANOSECONDS.sleep((long) Math.min(seconds * 1e9, Long.MAX_VALUE));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnalyticsException("Cancelled", "The task was cancelled.", e);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("foo", "bar");
        return result;
    }
}
