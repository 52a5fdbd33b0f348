package org.fractalis.core.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fractalis.api.analytics.JsonText;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ResultJsonTest {
    /** A strict reader: standard JSON only (no NaN tokens). */
    private static final ObjectMapper STRICT = new ObjectMapper();

    private static JsonNode strict(String json) throws Exception {
        return STRICT.readTree(json);
    }

    private static void assertNoNonFinite(String json) {
        for (String bad : List.of("NaN", "Infinity")) {
            assertFalse(json.contains(bad), "found " + bad + " in " + json);
        }
    }

    @Test
    void nonFiniteBoxedAndPrimitiveDoublesBecomeNull() throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("nan", Double.NaN);
        r.put("inf", Double.POSITIVE_INFINITY);
        r.put("ninf", Double.NEGATIVE_INFINITY);
        r.put("ok", 1.5);
        r.put("array", new double[] {1, Double.NaN, Double.NEGATIVE_INFINITY});
        r.put("list", Arrays.asList(2.0, Double.NaN, null));
        r.put("boxedArray", new Double[] {Double.NaN, 3.0});
        r.put("float", Float.NaN);
        r.put("nested", Map.of("deeper", List.of(Map.of("x", Double.NaN))));
        String json = ResultJson.write(r);
        assertNoNonFinite(json);
        JsonNode n = strict(json);
        assertTrue(n.get("nan").isNull());
        assertTrue(n.get("inf").isNull());
        assertTrue(n.get("ninf").isNull());
        assertEquals(1.5, n.get("ok").asDouble());
        assertEquals(1.0, n.get("array").get(0).asDouble());
        assertTrue(n.get("array").get(1).isNull());
        assertTrue(n.get("array").get(2).isNull());
        assertTrue(n.get("list").get(1).isNull());
        assertTrue(n.get("list").get(2).isNull());
        assertTrue(n.get("boxedArray").get(0).isNull());
        assertTrue(n.get("float").isNull());
        assertTrue(n.get("nested").get("deeper").get(0).get("x").isNull());
    }

    record Point(double x, Double y, String label) {
    }

    @Test
    void nonFiniteFieldsOfRecordsBecomeNull() throws Exception {
        String json = ResultJson.write(Map.of("p", new Point(Double.NaN, Double.POSITIVE_INFINITY, "a")));
        assertNoNonFinite(json);
        JsonNode p = strict(json).get("p");
        assertTrue(p.get("x").isNull());
        assertTrue(p.get("y").isNull());
        assertEquals("a", p.get("label").asText());
    }

    /** The API allows "arrays of primitives": a float[] with NaN must not come out as NaN or "NaN". */
    @Test
    void nonFiniteFloatArraysBecomeNull() throws Exception {
        String json = ResultJson.write(Map.of("f", new float[] {1f, Float.NaN, Float.POSITIVE_INFINITY}));
        assertNoNonFinite(json);
        JsonNode f = strict(json).get("f");
        assertEquals(1.0, f.get(0).asDouble());
        assertTrue(f.get(1).isNull(), json);
        assertTrue(f.get(2).isNull(), json);
    }

    @Test
    void jsonTextIsAStringHoldingJsonWithTheSameRules() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", "p1");
        row.put("value", Double.NaN);
        row.put("values", new double[] {Double.POSITIVE_INFINITY, 2});
        row.put("text", "say \"hi\" ünïcødé");
        rows.add(row);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("coef", 0.5);
        r.put("data", new JsonText(rows));
        String json = ResultJson.write(r);
        JsonNode n = strict(json);
        assertTrue(n.get("data").isTextual(), "data is a JSON string: " + json);
        String inner = n.get("data").asText();
        assertNoNonFinite(inner);
        JsonNode parsed = strict(inner);
        assertEquals("p1", parsed.get(0).get("id").asText());
        assertTrue(parsed.get(0).get("value").isNull());
        assertTrue(parsed.get(0).get("values").get(0).isNull());
        assertEquals(2.0, parsed.get(0).get("values").get(1).asDouble());
        assertEquals("say \"hi\" ünïcødé", parsed.get(0).get("text").asText());
    }

    @Test
    void jsonTextOfNullAndOfAString() throws Exception {
        JsonNode n = strict(ResultJson.write(Map.of("a", new JsonText(null), "b", new JsonText("x"))));
        assertEquals("null", n.get("a").asText());
        assertEquals("\"x\"", n.get("b").asText());
    }

    @Test
    void keysKeepInsertionOrder() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("z", 1);
        r.put("a", 2);
        r.put("m", 3);
        assertEquals("{\"z\":1,\"a\":2,\"m\":3}", ResultJson.write(r));
    }

    @Test
    void anUnserialisableObjectIsAnUncheckedIoException() {
        assertThrows(java.io.UncheckedIOException.class, () -> ResultJson.write(Map.of("x", new Object())));
    }

    @Test
    void parseGivesPlainJavaObjects() {
        Map<String, Object> m = ResultJson.parseObject("{\"a\":[1,2.5,\"s\",null,true],\"b\":{\"c\":{}}}");
        List<?> a = (List<?>) m.get("a");
        assertEquals(1, ((Number) a.get(0)).intValue());
        assertEquals(2.5, ((Number) a.get(1)).doubleValue());
        assertEquals("s", a.get(2));
        assertNull(a.get(3));
        assertEquals(Boolean.TRUE, a.get(4));
        assertTrue(m.get("b") instanceof Map);
        assertThrows(IllegalArgumentException.class, () -> ResultJson.parseObject("[1]"));
        assertThrows(java.io.UncheckedIOException.class, () -> ResultJson.parse("{not json"));
    }

    @Test
    void longStringsAreReadBack() {
        String big = "x".repeat(21_000_000); // above Jackson's default 20 M cap
        Map<String, Object> m = ResultJson.parseObject("{\"s\":\"" + big + "\"}");
        assertEquals(big.length(), ((String) m.get("s")).length());
    }

    @Test
    void canonicalHashIgnoresKeyOrderButNotValues() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("field", "age");
        a.put("dataType", "numerical");
        a.put("nested", new LinkedHashMap<>(Map.of("x", 1)));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("nested", Map.of("x", 1));
        b.put("dataType", "numerical");
        b.put("field", "age");
        assertEquals(Json.hash("s", "h", a), Json.hash("s", "h", b));
        assertNotEquals(Json.hash("s", "h", a), Json.hash("s", "h2", a));
        assertNotEquals(Json.hash("s", "h", a), Json.hash("s2", "h", a));
        b.put("field", "age2");
        assertNotEquals(Json.hash("s", "h", a), Json.hash("s", "h", b));
        // the separator keeps ("ab","c") and ("a","bc") apart
        assertNotEquals(Json.hash("ab", "c", a), Json.hash("a", "bc", a));
    }
}
