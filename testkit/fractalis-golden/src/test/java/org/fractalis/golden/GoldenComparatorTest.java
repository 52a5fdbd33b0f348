package org.fractalis.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class GoldenComparatorTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> obj(String json) {
        return (Map<String, Object>) GoldenJson.parse(json);
    }

    private static List<String> cmp(String expected, String actual, String tol) {
        return GoldenComparator.compare(GoldenJson.parse(expected), GoldenJson.parse(actual), obj(tol));
    }

    @Test
    void numbersWithinAndOutsideTolerance() {
        String tol = "{\"rel\": 1e-6, \"abs\": 1e-12}";
        assertTrue(cmp("{\"a\": 100.0}", "{\"a\": 100.00009}", tol).isEmpty());
        assertEquals(1, cmp("{\"a\": 100.0}", "{\"a\": 100.00011}", tol).size());
        // abs only matters near zero
        assertTrue(cmp("[0.0]", "[1e-12]", tol).isEmpty());
        assertEquals(1, cmp("[0.0]", "[2e-12]", tol).size());
        // rel is relative to the EXPECTED value
        assertTrue(cmp("[1e6]", "[1000000.9]", tol).isEmpty());
        assertFalse(cmp("[1e6]", "[1000001.1]", tol).isEmpty());
    }

    @Test
    void defaultTolerancesApplyWhenAbsent() {
        assertTrue(cmp("[1.0]", "[1.0000009]", "{}").isEmpty());
        assertFalse(cmp("[1.0]", "[1.0000011]", "{}").isEmpty());
        assertTrue(GoldenComparator.compare(GoldenJson.parse("[1]"), GoldenJson.parse("[1.0]"), null).isEmpty());
    }

    @Test
    void zeroToleranceMeansExact() {
        assertTrue(cmp("[3]", "[3.0]", "{\"rel\": 0, \"abs\": 0}").isEmpty());
        assertFalse(cmp("[3]", "[3.0000000001]", "{\"rel\": 0, \"abs\": 0}").isEmpty());
    }

    @Test
    void nullMustMeetNull() {
        assertTrue(cmp("{\"a\": null}", "{\"a\": null}", "{}").isEmpty());
        assertFalse(cmp("{\"a\": null}", "{\"a\": 0.0}", "{}").isEmpty());
        assertFalse(cmp("{\"a\": 0.0}", "{\"a\": null}", "{}").isEmpty());
        assertFalse(cmp("[null]", "[\"\"]", "{}").isEmpty());
        // a NaN in the expected file (Python json accepts it) is met by null
        assertTrue(cmp("[NaN]", "[null]", "{}").isEmpty());
        assertTrue(cmp("[NaN]", "[NaN]", "{}").isEmpty());
        assertFalse(cmp("[NaN]", "[1.0]", "{}").isEmpty());
        assertFalse(cmp("[Infinity]", "[1e308]", "{}").isEmpty());
        assertTrue(cmp("[-Infinity]", "[-Infinity]", "{}").isEmpty());
    }

    @Test
    void keySetsLengthsOrderAndTypesAreExact() {
        assertFalse(cmp("{\"a\": 1}", "{\"a\": 1, \"b\": 2}", "{}").isEmpty());
        assertFalse(cmp("{\"a\": 1, \"b\": 2}", "{\"a\": 1}", "{}").isEmpty());
        assertFalse(cmp("[1, 2]", "[1, 2, 3]", "{}").isEmpty());
        assertFalse(cmp("[1, 2]", "[2, 1]", "{}").isEmpty());
        assertFalse(cmp("[\"a\"]", "[\"A\"]", "{}").isEmpty());
        assertFalse(cmp("[true]", "[1]", "{}").isEmpty());
        assertFalse(cmp("[1]", "[true]", "{}").isEmpty());
        assertFalse(cmp("[true]", "[false]", "{}").isEmpty());
        assertFalse(cmp("[\"1\"]", "[1]", "{}").isEmpty());
        assertFalse(cmp("{\"a\": []}", "{\"a\": {}}", "{}").isEmpty());
        assertTrue(cmp("{\"b\": [true, \"x\", {\"c\": null}], \"a\": 1}",
                "{\"a\": 1.0, \"b\": [true, \"x\", {\"c\": null}]}", "{}").isEmpty());
    }

    @Test
    void everyMismatchIsReportedWithItsPath() {
        List<String> out = cmp("{\"s\": {\"x\": [1, 2, 3]}}", "{\"s\": {\"x\": [1, 5, 6]}}", "{\"rel\": 0, \"abs\": 0}");
        assertEquals(2, out.size());
        assertTrue(out.get(0).startsWith("s/x/1:"), out.get(0));
        assertTrue(out.get(1).startsWith("s/x/2:"), out.get(1));
    }

    @Test
    void overridesStarAndDoubleStarAndLastWins() {
        String tol = "{\"rel\": 0, \"abs\": 0, \"overrides\": ["
                + "{\"path\": \"stats/*/hist/*\", \"rel\": 0.1, \"abs\": 0},"
                + "{\"path\": \"data/**\", \"rel\": 0.5, \"abs\": 0},"
                + "{\"path\": \"data/x/**\", \"rel\": 0, \"abs\": 0}]}";
        // '*' is exactly one key
        assertTrue(cmp("{\"stats\": {\"g\": {\"hist\": [10]}}}", "{\"stats\": {\"g\": {\"hist\": [10.5]}}}", tol).isEmpty());
        assertFalse(cmp("{\"stats\": {\"g\": {\"h\": {\"hist\": [10]}}}}",
                "{\"stats\": {\"g\": {\"h\": {\"hist\": [10.5]}}}}", tol).isEmpty());
        // '**' any depth
        assertTrue(cmp("{\"data\": {\"a\": {\"b\": [10]}}}", "{\"data\": {\"a\": {\"b\": [14]}}}", tol).isEmpty());
        // the last matching override wins
        assertFalse(cmp("{\"data\": {\"x\": [10]}}", "{\"data\": {\"x\": [14]}}", tol).isEmpty());
        // '**' matches zero keys: data itself when it is a number
        assertTrue(cmp("{\"data\": 10}", "{\"data\": 14}", tol).isEmpty());
    }

    @Test
    void overrideWithoutAbsKeepsThePreviousAbs() {
        String tol = "{\"rel\": 0, \"abs\": 0.5, \"overrides\": [{\"path\": \"a\", \"rel\": 0}]}";
        assertTrue(cmp("{\"a\": 1}", "{\"a\": 1.4}", tol).isEmpty());
        assertFalse(cmp("{\"a\": 1}", "{\"a\": 1.6}", tol).isEmpty());
    }

    @Test
    void patternMatching() {
        assertTrue(GoldenComparator.match("stats/P.Value/*", List.of("stats", "P.Value", 3)));
        assertFalse(GoldenComparator.match("stats/P.Value/*", List.of("stats", "PxValue", 3)));
        assertFalse(GoldenComparator.match("stats/P.Value/*", List.of("stats", "P.Value")));
        assertTrue(GoldenComparator.match("**", List.of()));
        assertTrue(GoldenComparator.match("**/x", List.of("a", "b", "x")));
        assertTrue(GoldenComparator.match("**/x", List.of("x")));
        assertFalse(GoldenComparator.match("**/x", List.of("x", "y")));
        assertTrue(GoldenComparator.match("data/7/*", List.of("data", "7", 0)));
        assertTrue(GoldenComparator.match("data/7/*", List.of("data", 7, 0)));
        assertTrue(GoldenComparator.match("s/ab?/c*", List.of("s", "abc", "cde")));
        assertTrue(GoldenComparator.match("s/[!x]", List.of("s", "y")));
        assertFalse(GoldenComparator.match("s/[!x]", List.of("s", "x")));
        assertFalse(GoldenComparator.match("", List.of("a")));
        assertTrue(GoldenComparator.match("", List.of()));
    }

    @Test
    void jsonStringFieldsAreParsedOnBothSides() {
        String tol = "{\"rel\": 0, \"abs\": 0, \"json_string_fields\": [\"data\"],"
                + "\"overrides\": [{\"path\": \"data/**\", \"rel\": 1e-9, \"abs\": 1e-9}]}";
        assertTrue(cmp("{\"data\": \"[{\\\"v\\\": 1.0}]\"}", "{\"data\": \"[{\\\"v\\\":1.0000000001}]\"}", tol).isEmpty());
        assertFalse(cmp("{\"data\": \"[{\\\"v\\\": 1.0}]\"}", "{\"data\": \"[{\\\"v\\\":1.01}]\"}", tol).isEmpty());
        // not a JSON string -> parsed expected vs list actual still compare equal (compare.py does the same)
        assertTrue(cmp("{\"data\": \"[{\\\"v\\\": 1.0}]\"}", "{\"data\": [{\"v\": 1.0}]}", tol).isEmpty());
        assertFalse(cmp("{\"data\": \"[1]\"}", "{\"data\": \"[1\"}", tol).isEmpty());
    }

    @Test
    void canonicalTiesReordersOnlyInsideEqualBlocks() {
        String exp = "{\"stats\": {\"feature\": [\"a\", \"b\", \"c\", \"d\"], \"adj.P.Val\": [0.1, 0.2, 0.2, 0.3]},"
                + "\"data\": {\"id\": [\"p1\", \"p1\", \"p1\", \"p1\"], \"feature\": [\"a\", \"b\", \"c\", \"d\"],"
                + "\"subset\": [0, 0, 0, 0], \"value\": [1, 2, 3, 4]}}";
        String swapped = "{\"stats\": {\"feature\": [\"a\", \"c\", \"b\", \"d\"], \"adj.P.Val\": [0.1, 0.2, 0.2, 0.3]},"
                + "\"data\": {\"id\": [\"p1\", \"p1\", \"p1\", \"p1\"], \"feature\": [\"a\", \"c\", \"b\", \"d\"],"
                + "\"subset\": [0, 0, 0, 0], \"value\": [1, 3, 2, 4]}}";
        String crossBlock = "{\"stats\": {\"feature\": [\"b\", \"a\", \"c\", \"d\"], \"adj.P.Val\": [0.1, 0.2, 0.2, 0.3]},"
                + "\"data\": {\"id\": [\"p1\", \"p1\", \"p1\", \"p1\"], \"feature\": [\"b\", \"a\", \"c\", \"d\"],"
                + "\"subset\": [0, 0, 0, 0], \"value\": [2, 1, 3, 4]}}";
        String ties = "{\"rel\": 0, \"abs\": 0, \"unordered_ties\": {\"stats_key\": \"adj.P.Val\"}}";
        assertTrue(cmp(exp, swapped, ties).isEmpty());
        assertFalse(cmp(exp, swapped, "{\"rel\": 0, \"abs\": 0}").isEmpty());
        assertFalse(cmp(exp, crossBlock, ties).isEmpty());
        // the wrong value for a tied row is still caught
        String wrongValue = swapped.replace("[1, 3, 2, 4]", "[1, 2, 3, 4]");
        assertFalse(cmp(exp, wrongValue, ties).isEmpty());
    }

    @Test
    void canonicalTiesKeepsRunsOfSubsetAndId() {
        Object r = GoldenJson.parse("{\"stats\": {\"feature\": [\"b\", \"a\"], \"k\": [1, 1]},"
                + "\"data\": {\"id\": [\"p2\", \"p2\", \"p1\", \"p1\"], \"feature\": [\"b\", \"a\", \"b\", \"a\"],"
                + "\"subset\": [0, 0, 0, 0]}}");
        Object c = GoldenComparator.canonicalTies(r, "k");
        assertEquals(GoldenJson.parse("{\"stats\": {\"feature\": [\"a\", \"b\"], \"k\": [1, 1]},"
                + "\"data\": {\"id\": [\"p2\", \"p2\", \"p1\", \"p1\"], \"feature\": [\"a\", \"b\", \"a\", \"b\"],"
                + "\"subset\": [0, 0, 0, 0]}}"), c);
    }

    @Test
    void structuralCheckForKmeans() {
        Map<String, Object> doc = obj("{\"tolerance\": {\"mode\": \"structural\", \"k_rows\": 2, \"k_cols\": 2},"
                + "\"args\": {\"df\": {\"s1\": {\"f1\": 1, \"f2\": 2, \"f3\": 3}, \"s2\": {\"f1\": 1, \"f2\": 2, \"f3\": 3},"
                + "\"s3\": {\"f1\": 1, \"f2\": 2, \"f3\": 3}}}}");
        assertTrue(GoldenComparator.structuralCheck(doc, GoldenJson.parse(
                "{\"row_clusters\": [[\"f1\", 0], [\"f3\", 0], [\"f2\", 1]],"
                        + "\"col_clusters\": [[\"s2\", 0], [\"s3\", 0], [\"s1\", 1]]}")).isEmpty());
        // first label not 0 / members out of input order / too many labels / sizes increasing / missing name
        assertFalse(GoldenComparator.structuralCheck(doc, GoldenJson.parse(
                "{\"row_clusters\": [[\"f1\", 1], [\"f3\", 1], [\"f2\", 2]],"
                        + "\"col_clusters\": [[\"s2\", 0], [\"s3\", 0], [\"s1\", 1]]}")).isEmpty());
        assertFalse(GoldenComparator.structuralCheck(doc, GoldenJson.parse(
                "{\"row_clusters\": [[\"f3\", 0], [\"f1\", 0], [\"f2\", 1]],"
                        + "\"col_clusters\": [[\"s2\", 0], [\"s3\", 0], [\"s1\", 1]]}")).isEmpty());
        assertFalse(GoldenComparator.structuralCheck(doc, GoldenJson.parse(
                "{\"row_clusters\": [[\"f1\", 0], [\"f2\", 1], [\"f3\", 2]],"
                        + "\"col_clusters\": [[\"s2\", 0], [\"s3\", 0], [\"s1\", 1]]}")).isEmpty());
        assertFalse(GoldenComparator.structuralCheck(doc, GoldenJson.parse(
                "{\"row_clusters\": [[\"f1\", 0], [\"f3\", 1], [\"f2\", 1]],"
                        + "\"col_clusters\": [[\"s2\", 0], [\"s3\", 0], [\"s1\", 1]]}")).isEmpty());
        assertFalse(GoldenComparator.structuralCheck(doc, GoldenJson.parse(
                "{\"row_clusters\": [[\"f1\", 0], [\"f3\", 0]],"
                        + "\"col_clusters\": [[\"s2\", 0], [\"s3\", 0], [\"s1\", 1]]}")).isEmpty());
        assertFalse(GoldenComparator.structuralCheck(doc, GoldenJson.parse("{\"row_clusters\": []}")).isEmpty());
    }

    @Test
    void codePointOrderIsPythonOrder() {
        assertTrue(GoldenComparator.compareCodePoints("P1", "P10") < 0);
        assertTrue(GoldenComparator.compareCodePoints("P10", "P2") < 0);
        assertTrue(GoldenComparator.compareCodePoints("\uFFFF", "\uD83D\uDE00") < 0);
        assertEquals(0, GoldenComparator.compareCodePoints("x", "x"));
    }
}
