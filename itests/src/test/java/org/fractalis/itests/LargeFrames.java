package org.fractalis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A variable many times the (test-lowered) frame chunk size, loaded through {@code POST /data} in the test
 * connector's rows mode, and its exact read-back through an analysis ({@code merge_df_task} returns every row):
 * issue 12, item 2 (frames stored in chunks in the embedded store and in Redis).
 */
final class LargeFrames {
    static final int FEATURES = 40;

    private LargeFrames() {
    }

    /** Row i's value: full-precision doubles (they do not compress away), every 97th missing. */
    static Double value(int i) {
        return i % 97 == 0 ? null : Math.sin(i * 0.7) * 1000 + i;
    }

    /** A numerical array of {@code rows} rows: ids s0…, features g0…g39. */
    static Map<String, Object> descriptor(String label, int rows) {
        List<Map<String, Object>> list = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            Map<String, Object> r = new HashMap<>();
            r.put("id", "s" + i / FEATURES);
            r.put("feature", "g" + i % FEATURES);
            r.put("value", value(i));
            list.add(r);
        }
        return Map.of("data_type", "numerical_array", "label", label, "rows", list);
    }

    /** Every row comes back from the cache with its exact value (NaN as null). */
    static void assertReadBack(Browser b, String dataId, int rows) throws Exception {
        Browser.Reply merged = FractalisTestSupport.analyse(b, "merge_df_task",
                Map.of("df_list", List.of("$" + dataId + "$")));
        assertEquals(merged.toString(), "SUCCESS", merged.json().get("state").asText());
        JsonNode result = Browser.JSON.readTree(merged.json().get("result").asText());
        JsonNode df = Browser.JSON.readTree(result.get("df").asText());
        assertEquals(rows, df.size());
        Map<String, JsonNode> byKey = new HashMap<>();
        for (JsonNode r : df) {
            byKey.put(r.get("id").asText() + "/" + r.get("feature").asText(), r.get("value"));
        }
        assertEquals(rows, byKey.size());
        for (int i = 0; i < rows; i++) {
            JsonNode v = byKey.get("s" + i / FEATURES + "/g" + i % FEATURES);
            assertTrue("row " + i + " missing", v != null);
            Double expected = value(i);
            if (expected == null) {
                assertTrue("row " + i + ": " + v, v.isNull());
            } else {
                assertEquals("row " + i, expected, v.asDouble(), 0.0);
            }
        }
    }
}
