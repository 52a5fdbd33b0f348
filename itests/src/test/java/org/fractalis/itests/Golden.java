package org.fractalis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fractalis.golden.GoldenComparator;

/**
 * Runs a golden case through the REST API: every input is loaded with the test connector, the args get real
 * references, and the polled result is compared with the case's expectation at its tolerance.
 */
final class Golden {
    private Golden() {
    }

    @SuppressWarnings("unchecked")
    static void assertThroughRest(Browser b, String task, String name) throws Exception {
        Map<String, Object> doc;
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + task + "/" + name + ".json")) {
            if (in == null) {
                throw new AssertionError("no golden case " + task + "/" + name);
            }
            doc = Browser.JSON.readValue(in, Map.class);
        }
        Map<String, Object> types = (Map<String, Object>) doc.getOrDefault("input_types", Map.of());
        Map<String, Object> inputs = (Map<String, Object>) doc.getOrDefault("inputs", Map.of());
        Map<String, String> refs = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : inputs.entrySet()) {
            Map<String, Object> descriptor = Map.of("data_type", types.get(e.getKey()), "label", e.getKey(),
                    "rows", e.getValue());
            List<String> ids = FractalisTestSupport.load(b, List.of(descriptor));
            assertEquals(1, ids.size());
            refs.put(e.getKey(), FractalisTestSupport.ref(ids.get(0)));
        }
        Map<String, Object> args = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) doc.get("args")).entrySet()) {
            args.put(e.getKey(), substitute(e.getValue(), refs));
        }
        Browser.Reply poll = FractalisTestSupport.analyse(b, task, args);
        assertEquals(poll.toString(), 200, poll.status());
        String state = poll.json().get("state").asText();
        String result = poll.json().get("result").asText();
        if (doc.containsKey("expected_error")) {
            assertEquals(name + ": " + result, "FAILURE", state);
            Map<String, Object> detail = (Map<String, Object>) doc.getOrDefault("expected_error_detail", Map.of());
            if (!"library".equals(detail.get("origin"))) {
                assertTrue(name + ": " + result, result.endsWith(": " + doc.get("expected_error")));
            }
            return;
        }
        assertEquals(name + ": " + result, "SUCCESS", state);
        Object actual = Browser.JSON.readValue(result, Object.class);
        Map<String, Object> tolerance = (Map<String, Object>) doc.getOrDefault("tolerance", Map.of());
        List<String> problems = "structural".equals(tolerance.get("mode"))
                ? GoldenComparator.structuralCheck(doc, actual)
                : GoldenComparator.compare(doc.get("expected"), actual, tolerance);
        assertTrue(name + ": " + problems, problems.isEmpty());
    }

    @SuppressWarnings("unchecked")
    private static Object substitute(Object v, Map<String, String> refs) {
        if (v instanceof String s && s.startsWith("$") && s.endsWith("$") && refs.containsKey(s.substring(1, s.length() - 1))) {
            return refs.get(s.substring(1, s.length() - 1));
        }
        if (v instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof String) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                out.add(substitute(o, refs));
            }
            return out;
        }
        return v;
    }
}
