package org.fractalis.analytics.test.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.AnalyticsTask;
import org.fractalis.api.analytics.JsonText;
import org.fractalis.api.analytics.TaskArgs;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.junit.jupiter.api.Test;

class TestTasksTest {

    private static TaskArgs args(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return new TaskArgs(m);
    }

    private static Frame numbers(String feature, double... values) {
        Frame.Builder b = Frame.builder(DataKind.NUMERICAL);
        for (int i = 0; i < values.length; i++) {
            b.add("P" + i, feature, values[i]);
        }
        return b.build();
    }

    @Test
    void addKeepsIntegersIntegral() throws Exception {
        assertEquals(3L, new AddTestTask().run(args("a", 1, "b", 2)).get("sum"));
        assertEquals(new BigInteger("18446744073709551614"),
                new AddTestTask().run(args("a", Long.MAX_VALUE, "b", Long.MAX_VALUE)).get("sum"));
        assertEquals(3.5, new AddTestTask().run(args("a", 1, "b", 2.5)).get("sum"));
    }

    @Test
    void addNeedsNumbers() {
        AnalyticsException e = assertThrows(AnalyticsException.class,
                () -> new AddTestTask().run(args("a", "x", "b", 2)));
        assertEquals("ValueError", e.type());
        assertThrows(AnalyticsException.class, () -> new AddTestTask().run(args("a", 1)));
    }

    @Test
    void divDivides() throws Exception {
        assertEquals(2.5, new DivTestTask().run(args("a", 5, "b", 2)).get("div"));
    }

    @Test
    void divByZeroIsAZeroDivisionError() {
        AnalyticsException e = assertThrows(AnalyticsException.class,
                () -> new DivTestTask().run(args("a", 2, "b", 0)));
        assertEquals("ZeroDivisionError: division by zero", e.clientMessage());
        assertThrows(AnalyticsException.class, () -> new DivTestTask().run(args("a", 2, "b", 0.0)));
    }

    @Test
    void sumDfSumsTheValuesSkippingMissingOnes() throws Exception {
        Frame a = numbers("x", 1.5, Double.NaN, 2.25, -1);
        assertEquals(2.75, new SumDfTestTask().run(args("a", a)).get("sum"));
        assertEquals(0.0, new SumDfTestTask().run(args("a", numbers("x"))).get("sum"));
    }

    @Test
    void sumDfRefusesCategoricalDataAndNonReferences() {
        Frame cat = Frame.builder(DataKind.CATEGORICAL).add("P1", "sex", "male").build();
        AnalyticsException e = assertThrows(AnalyticsException.class, () -> new SumDfTestTask().run(args("a", cat)));
        assertEquals("TypeError", e.type());
        e = assertThrows(AnalyticsException.class, () -> new SumDfTestTask().run(args("a", 3)));
        assertEquals("ValueError", e.type());
    }

    @Test
    void mergeAppendsAllRowsAsJsonRecords() throws Exception {
        Frame a = numbers("x", 1, Double.NaN);
        Frame b = Frame.builder(DataKind.CATEGORICAL).add("P9", "sex", "male").build();
        Map<String, Object> result = new MergeDfTask().run(args("df_list", List.of(a, b, a)));
        assertEquals(5, result.get("rows"));
        List<?> records = (List<?>) assertInstanceOf(JsonText.class, result.get("df")).value();
        assertEquals(5, records.size());
        assertEquals(Map.of("id", "P0", "feature", "x", "value", 1.0), records.get(0));
        assertTrue(Double.isNaN((Double) ((Map<?, ?>) records.get(1)).get("value")));
        assertEquals(Map.of("id", "P9", "feature", "sex", "value", "male"), records.get(2));
        assertEquals(List.of("id", "feature", "value"), new ArrayList<>(((Map<?, ?>) records.get(4)).keySet()));
    }

    @Test
    void mergeOfNothingIsAnEmptyString() throws Exception {
        assertEquals("", new MergeDfTask().run(args("df_list", List.of())).get("df"));
        assertEquals("", new MergeDfTask().run(args()).get("df"));
    }

    @Test
    void nothingReturnsFooBarAfterWaiting() throws Exception {
        long start = System.nanoTime();
        assertEquals(Map.of("foo", "bar"), new NothingTestTask().run(args("seconds", 0.05)));
        assertTrue(System.nanoTime() - start >= 50_000_000L);
        assertEquals(Map.of("foo", "bar"), new NothingTestTask().run(args("seconds", 0)));
    }

    @Test
    void nothingRefusesNegativeSeconds() {
        AnalyticsException e = assertThrows(AnalyticsException.class,
                () -> new NothingTestTask().run(args("seconds", -1)));
        assertEquals("ValueError: sleep length must be non-negative", e.clientMessage());
    }

    @Test
    void nothingStopsPromptlyWhenInterrupted() throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        AtomicBoolean flagKept = new AtomicBoolean();
        // No seconds: the default 10 s wait must be cut short by the interrupt.
        Thread worker = new Thread(() -> {
            try {
                outcome.set(new NothingTestTask().run(args()));
            } catch (AnalyticsException e) {
                outcome.set(e);
                flagKept.set(Thread.currentThread().isInterrupted());
            }
        });
        long start = System.nanoTime();
        worker.start();
        worker.interrupt();
        worker.join(5_000);
        assertFalse(worker.isAlive());
        assertTrue(System.nanoTime() - start < NothingTestTask.DEFAULT_SECONDS * 1e9 / 2);
        AnalyticsException e = assertInstanceOf(AnalyticsException.class, outcome.get());
        assertEquals("Cancelled", e.type());
        assertTrue(flagKept.get(), "interrupt flag must be set again");
    }

    @Test
    void noDictFailsWithATypeError() {
        AnalyticsException e = assertThrows(AnalyticsException.class, () -> new NoDictTask().run(args("a", 1)));
        assertEquals("TypeError", e.type());
        assertTrue(e.getMessage().contains("'dict'"));
    }

    @Test
    void invalidJsonReturnsSomethingThatIsNotJson() throws Exception {
        Map<String, Object> result = new InvalidJsonTask().run(args("a", 1));
        Object a = result.get("a");
        assertFalse(isJsonValue(a), "the result must hold a non-JSON value, got " + a);
        // Core's ResultJson is a default Jackson mapper plus number rules: it must refuse this value.
        assertThrows(com.fasterxml.jackson.core.JsonProcessingException.class,
                () -> com.fasterxml.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(result));
    }

    /** The types AnalyticsTask's Javadoc allows in a result. */
    private static boolean isJsonValue(Object o) {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof JsonText
                || o instanceof double[] || o instanceof int[] || o instanceof long[] || o instanceof String[]) {
            return true;
        }
        if (o instanceof Map<?, ?> m) {
            return m.keySet().stream().allMatch(k -> k instanceof String) && m.values().stream()
                    .allMatch(TestTasksTest::isJsonValue);
        }
        if (o instanceof List<?> l) {
            return l.stream().allMatch(TestTasksTest::isJsonValue);
        }
        return false;
    }

    @Test
    void everyTaskIsADsComponentWithItsOriginalName() throws Exception {
        Map<Class<?>, String> names = Map.of(AddTestTask.class, "add_test_task", DivTestTask.class, "div_test_task",
                SumDfTestTask.class, "sum_df_test_task", MergeDfTask.class, "merge_df_task",
                NothingTestTask.class, "nothing_test_task", NoDictTask.class, "no_dict_task",
                InvalidJsonTask.class, "invalid_json_task");
        for (Map.Entry<Class<?>, String> e : names.entrySet()) {
            assertTrue(AnalyticsTask.class.isAssignableFrom(e.getKey()));
            // bnd writes the component descriptions before the tests run (process-classes).
            String xml;
            try (var in = getClass().getClassLoader().getResourceAsStream("OSGI-INF/" + e.getKey().getName() + ".xml")) {
                assertNotNull(in, "no component description for " + e.getKey());
                xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            assertTrue(xml.contains("name=\"" + AnalyticsTask.NAME + "\" type=\"String\" value=\"" + e.getValue() + "\""),
                    xml);
            assertTrue(xml.contains("<provide interface=\"" + AnalyticsTask.class.getName() + "\"/>"), xml);
        }
    }
}
