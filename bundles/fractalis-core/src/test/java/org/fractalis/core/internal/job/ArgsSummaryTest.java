package org.fractalis.core.internal.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fractalis.api.backend.JobMessage;
import org.junit.jupiter.api.Test;

class ArgsSummaryTest {

    private static JobMessage etl(String payload) {
        return new JobMessage("j", JobMessage.Kind.ETL, "ada", "s", List.of(), payload, 0);
    }

    @Test
    void anEtlShowsItsServerWithoutCredentialsAndItsDescriptor() {
        String s = ArgsSummary.of(etl("{\"server\":\"https://alice:pw123456@ada.example:8443/base?apikey=k12345"
                + "#frag\",\"descriptor\":{\"data_type\":\"numerical\",\"field\":\"age\"}}"));
        assertEquals("server=https://ada.example:8443/base {data_type=numerical, field=age}", s);
    }

    @Test
    void valuesUnderSecretLookingKeysAreMasked() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("token", "abc123");
        args.put("auth", Map.of("user", "bob"));
        args.put("Password", "hunter2");
        args.put("x_api_key", "zzz");
        String s = ArgsSummary.of(args);
        assertEquals("{token=***, auth=***, Password=***, x_api_key=***}", s);
        for (String secret : List.of("abc123", "bob", "hunter2", "zzz")) {
            assertFalse(s.contains(secret), s);
        }
    }

    @Test
    void dataReferencesBecomeShortIdsAndLongThingsAreCut() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("x", "${\"id\":\"0123456789abcdef\",\"filters\":{\"feature\":[\"a\"]}}$");
        args.put("features", List.of("a", "b", "c", "d", "e", "f"));
        args.put("label", "x".repeat(100));
        String s = ArgsSummary.of(args);
        assertTrue(s.startsWith("{x=data:01234567, features=[a, b, c, …(+3)], label=xxx"), s);
        assertTrue(s.length() <= ArgsSummary.MAX, s);
        assertTrue(s.contains("…"), s);
    }

    @Test
    void deeplyNestedValuesAreSummarised() {
        String s = ArgsSummary.of(Map.of("rows", List.of(Map.of("id", "p1"), Map.of("id", "p2")), "m",
                Map.of("n", Map.of("o", 1), "l", List.of(List.of(1, 2)))));
        assertTrue(s.contains("rows=[{…}, {…}]"), s);
        assertTrue(s.contains("n={…}") && s.contains("l=[1 item]"), s);
    }

    @Test
    void aBrokenPayloadGivesAnEmptySummary() {
        assertEquals("", ArgsSummary.of(etl("not json")));
    }
}
