package org.fractalis.analytics.test.internal;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.AnalyticsTask;
import org.fractalis.api.analytics.AnalyticsTaskName;
import org.fractalis.api.analytics.TaskArgs;
import org.osgi.service.component.annotations.Component;

/** {@code add_test_task}: {@code {"sum": a + b}}; the smallest task, used to test the job round trip. */
@Component(service = AnalyticsTask.class)
@AnalyticsTaskName(task = "add_test_task")
public final class AddTestTask implements AnalyticsTask {

    @Override
    public Map<String, Object> run(TaskArgs args) throws AnalyticsException {
        double a = args.number("a");
        double b = args.number("b");
        Object sum;
        if (isInteger(args.get("a")) && isInteger(args.get("b"))) {
            // Integers stay integers, as in Python (1 + 2 is 3, not 3.0), without overflow.
            BigInteger s = big(args.get("a")).add(big(args.get("b")));
            sum = s.bitLength() < 64 ? (Object) s.longValue() : s;
        } else {
            sum = a + b;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("sum", sum);
        return result;
    }

    private static boolean isInteger(Object o) {
        return o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte
                || o instanceof BigInteger;
    }

    private static BigInteger big(Object o) {
        return o instanceof BigInteger b ? b : BigInteger.valueOf(((Number) o).longValue());
    }
}
