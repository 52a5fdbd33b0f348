package org.fractalis.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.fractalis.api.analytics.AnalyticsException;
import org.fractalis.api.analytics.AnalyticsTask;
import org.fractalis.api.analytics.JsonText;
import org.fractalis.api.analytics.TaskArgs;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;

class GoldenCasesTest {

    private static final List<String> TASKS = List.of("compute-correlation", "compute-boxplot", "compute-histogram",
            "compute-pca", "survival-analysis", "compute-volcanoplot", "compute-heatmap", "compute-cluster");

    /** A fake task that returns the expected result of the case (re-encoding JSON-string fields). */
    private static AnalyticsTask replay(GoldenCase c, boolean perturb) {
        return args -> {
            if (c.expectsError()) {
                throw new AnalyticsException(c.expectedErrorType().orElse("ValueError"), c.expectedError().get());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> exp = new LinkedHashMap<>((Map<String, Object>) c.expected());
            Object fields = c.tolerance().get("json_string_fields");
            if (fields instanceof List<?> fl) {
                for (Object f : fl) {
                    if (exp.get(f.toString()) instanceof String s) {
                        exp.put(f.toString(), new JsonText(GoldenJson.parse(s)));
                    }
                }
            }
            return perturb ? (Map<String, Object>) perturbFirstNumber(exp) : exp;
        };
    }

    /** Changes the first non-zero number found (depth first) by 1 % or the first string. */
    @SuppressWarnings("unchecked")
    private static Object perturbFirstNumber(Object v) {
        boolean[] done = {false};
        return walk(v, done);
    }

    @SuppressWarnings("unchecked")
    private static Object walk(Object v, boolean[] done) {
        if (done[0]) {
            return v;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(e.getKey().toString(), walk(e.getValue(), done));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                out.add(walk(o, done));
            }
            return out;
        }
        if (v instanceof JsonText jt) {
            return new JsonText(walk(jt.value(), done));
        }
        if (v instanceof Number n && !(v instanceof Boolean) && n.doubleValue() != 0) {
            done[0] = true;
            return n.doubleValue() * 1.01;
        }
        if (v instanceof String s) {
            done[0] = true;
            return s + "x";
        }
        return v;
    }

    @Test
    void listsEveryTaskFromTheClasspath() {
        int total = 0;
        for (String t : TASKS) {
            List<String> names = GoldenCases.names(t);
            assertFalse(names.isEmpty(), t);
            total += names.size();
        }
        assertTrue(total >= 77, "visible set has 77 cases, found " + total);
        assertTrue(GoldenCases.names("compute-correlation").contains("basic_pearson"));
        assertTrue(GoldenCases.names("no-such-task").isEmpty());
    }

    @Test
    void everyExpectedResultMatchesItselfAndEveryPerturbationIsCaught() {
        for (String t : TASKS) {
            for (GoldenCase c : GoldenCases.all(t)) {
                assertEquals(List.of(), GoldenCases.check(c, replay(c, false)), c.toString());
                if (!c.expectsError() && !c.structural()) {
                    assertFalse(GoldenCases.check(c, replay(c, true)).isEmpty(), "perturbation not caught: " + c);
                }
            }
        }
    }

    @Test
    void buildsTypedFramesWithNaNForNull() {
        GoldenCase c = GoldenCases.load("compute-correlation", "subsets_categories_spearman");
        Frame x = c.frame("x");
        assertEquals(DataKind.NUMERICAL, x.kind());
        assertEquals(((List<?>) ((Map<?, ?>) c.document().get("inputs")).get("x")).size(), x.size());
        Frame g = c.frame("gender");
        assertEquals(DataKind.CATEGORICAL, g.kind());
        // a null number becomes NaN
        GoldenCase nan = GoldenCases.load("compute-volcanoplot", "variance_ranking_with_nan");
        Frame e = nan.frame("expr");
        boolean anyNaN = false;
        for (int i = 0; i < e.size(); i++) {
            anyNaN |= Double.isNaN(e.number(i));
        }
        assertTrue(anyNaN);
    }

    @Test
    void resolvesPlaceholdersToFreshFrames() throws AnalyticsException {
        GoldenCase c = GoldenCases.load("compute-correlation", "subsets_categories_spearman");
        TaskArgs a = c.args();
        assertInstanceOf(Frame.class, a.get("x"));
        assertEquals(1, a.frames("categories").size());
        assertEquals("spearman", a.string("method"));
        assertInstanceOf(List.class, a.get("subsets"));
        assertNotSame(a.get("x"), c.args().get("x"));
        GoldenCase h = GoldenCases.load("compute-histogram", "basic_one_group");
        assertInstanceOf(Frame.class, h.args().get("data"));
        assertEquals(List.of(), h.args().frames("categories"));
        GoldenCase b = GoldenCases.load("compute-boxplot", "two_features_identity");
        assertEquals(2, b.args().frames("features").size());
        GoldenCase k = GoldenCases.load("compute-cluster", "hclust_average_euclidean");
        assertInstanceOf(Map.class, k.args().get("df"));
    }

    @Test
    void errorCasesRequireTheRightException() {
        GoldenCase c = GoldenCases.load("compute-correlation", "error_no_shared_ids");
        assertTrue(GoldenCases.check(c, args -> {
            throw AnalyticsException.valueError("X and Y do not share any ids.");
        }).isEmpty());
        assertFalse(GoldenCases.check(c, args -> {
            throw AnalyticsException.valueError("something else");
        }).isEmpty());
        assertFalse(GoldenCases.check(c, args -> {
            throw new AnalyticsException("KeyError", "X and Y do not share any ids.");
        }).isEmpty());
        assertFalse(GoldenCases.check(c, args -> {
            throw new IllegalStateException("boom");
        }).isEmpty());
        assertFalse(GoldenCases.check(c, args -> Map.of()).isEmpty());
        // origin "library": any AnalyticsException will do, a RuntimeException will not
        GoldenCase lib = GoldenCases.load("compute-cluster", "error_invalid_method");
        assertEquals("library", lib.expectedErrorOrigin());
        assertTrue(GoldenCases.check(lib, args -> {
            throw AnalyticsException.valueError("Unknown linkage method 'abc'");
        }).isEmpty());
        assertFalse(GoldenCases.check(lib, args -> {
            throw new IllegalArgumentException("abc");
        }).isEmpty());
    }

    @Test
    void resultCasesFailWhenTheTaskFails() {
        GoldenCase c = GoldenCases.load("compute-correlation", "basic_pearson");
        assertFalse(GoldenCases.check(c, args -> {
            throw AnalyticsException.valueError("nope");
        }).isEmpty());
        assertThrows(AssertionError.class, () -> GoldenCases.assertCase(c, args -> Map.of("coef", 1.0)));
    }

    @Test
    void dynamicTestsCoverEveryCase() {
        List<DynamicTest> tests = GoldenCases.dynamicTests("compute-histogram", args -> Map.of())
                .collect(Collectors.toList());
        assertEquals(GoldenCases.names("compute-histogram").size(), tests.size());
        List<DynamicTest> none = GoldenCases.dynamicTests("no-such-task", args -> Map.of()).collect(Collectors.toList());
        assertEquals(1, none.size());
        assertThrows(AssertionError.class, () -> none.get(0).getExecutable().execute());
    }
}
