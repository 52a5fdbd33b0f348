package org.fractalis.connector.test.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.connector.EtlRequest;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.junit.jupiter.api.Test;

class TestConnectorTest {
    private final TestConnector connector = new TestConnector();

    private static Map<String, Object> row(Object id, Object feature, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("feature", feature);
        m.put("value", value);
        return m;
    }

    private static Map<String, Object> descriptor(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private Frame load(Map<String, Object> descriptor) throws ConnectorException {
        return connector.load(new EtlRequest("t1", "localhost", "abc", descriptor));
    }

    @Test
    void rowsAreLoadedExactlyAndInOrder() throws Exception {
        Frame f = load(descriptor("data_type", "categorical", "label", "sex", "rows",
                List.of(row("P2", "sex", "male"), row("P1", "sex", "female"), row("P3", "sex", "--"))));
        assertEquals(DataKind.CATEGORICAL, f.kind());
        assertEquals(3, f.size());
        assertEquals(List.of("P2", "P1", "P3"), f.ids());
        assertEquals(List.of("sex"), f.features());
        assertEquals("female", f.string(1));
        assertEquals("--", f.string(2));
    }

    @Test
    void numericRowsTurnNullIntoNaNAndNumbersIntoIdText() throws Exception {
        Frame f = load(descriptor("data_type", "numerical_array", "rows",
                List.of(row(1, "g1", 2.5), row("2", "g1", null), row(1, 7, 3))));
        assertEquals(DataKind.NUMERICAL_ARRAY, f.kind());
        assertEquals("1", f.id(0));
        assertEquals("7", f.feature(2));
        assertEquals(2.5, f.number(0));
        assertTrue(Double.isNaN(f.number(1)));
        assertEquals(3.0, f.number(2));
    }

    @Test
    void duplicatesAreLeftForCoreToJudge() throws Exception {
        Frame f = load(descriptor("data_type", "numerical", "rows",
                List.of(row("a", "x", 1), row("a", "x", 2))));
        assertEquals(2, f.size());
    }

    @Test
    void emptyRowsGiveAnEmptyFrame() throws Exception {
        assertTrue(load(descriptor("data_type", "numerical", "rows", List.of())).isEmpty());
    }

    @Test
    void malformedRowsFailInTransform() {
        Map<String, Object> noId = new HashMap<>(row("a", "x", 1.0));
        noId.remove("id");
        assertTransformError("Row 1 has no 'id'", "numerical", List.of(row("a", "x", 1), noId));

        Map<String, Object> noValue = new HashMap<>(row("a", "x", 1.0));
        noValue.remove("value");
        assertTransformError("Row 0 has no 'value'", "numerical", List.of(noValue));

        assertTransformError("not a number: \"abc\"", "numerical", List.of(row("a", "x", "abc")));
        assertTransformError("not a number: true", "numerical_array", List.of(row("a", "x", true)));
        assertTransformError("not a string: null", "categorical", List.of(row("a", "x", null)));
        assertTransformError("not a string: a list", "categorical", List.of(row("a", "x", List.of("b"))));
        assertTransformError("Row 0 has no 'feature'", "categorical", List.of(row("a", null, "b")));
        assertTransformError("non-string 'id'", "categorical", List.of(row(Map.of(), "x", "b")));
        assertTransformError("Row 0 is not an object", "categorical", List.of("a"));
    }

    private void assertTransformError(String expected, String kind, List<?> rows) {
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> load(descriptor("data_type", kind, "rows", rows)));
        assertEquals(ConnectorException.Phase.TRANSFORM, e.phase());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void rowsMustBeAList() {
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> connector.kind(descriptor("data_type", "numerical", "rows", "x")));
        assertTrue(e.getMessage().contains("'rows' must be a list"), e.getMessage());
    }

    @Test
    void kindMustBeOneOfThree() throws Exception {
        assertEquals(DataKind.NUMERICAL, connector.kind(descriptor("data_type", "numerical", "rows", List.of())));
        assertEquals(DataKind.CATEGORICAL,
                connector.kind(descriptor("data_type", "categorical", "num_samples", 3, "values", List.of("a"))));
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> connector.kind(descriptor("data_type", "default", "concept", "x")));
        assertTrue(e.getMessage().contains("Unsupported data_type 'default'"), e.getMessage());
        e = assertThrows(ConnectorException.class, () -> connector.kind(descriptor("rows", List.of())));
        assertTrue(e.getMessage().contains("needs a 'data_type'"), e.getMessage());
    }

    @Test
    void labelFallsBackToDataType() throws Exception {
        assertEquals("random", connector.label(descriptor("data_type", "numerical", "label", "random")));
        assertEquals("numerical", connector.label(descriptor("data_type", "numerical")));
        assertEquals("numerical", connector.label(descriptor("data_type", "numerical", "label", " ")));
        assertThrows(ConnectorException.class, () -> connector.label(descriptor("data_type", "numerical", "label", 3)));
    }

    @Test
    void loginGivesTheOriginalsToken() throws Exception {
        assertEquals("abc", connector.login("localhost", Map.of("user", "u")));
    }

    @Test
    void tokenContainingFailBreaksExtraction() {
        Map<String, Object> d = descriptor("data_type", "numerical", "rows", List.of(row("a", "x", 1)));
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> connector.load(new EtlRequest("t", "s", "please-fail-now", d)));
        assertEquals(ConnectorException.Phase.EXTRACT, e.phase());
        assertEquals("Throwing because I was told to.", e.getMessage());
    }

    @Test
    void randomArraysHaveTheOriginalsShape() throws Exception {
        Frame f = load(descriptor("data_type", "numerical_array", "num_samples", 20, "num_features", 50, "seed", 7));
        assertEquals(1000, f.size());
        List<String> features = f.features();
        assertEquals(50, features.size());
        assertEquals(50, new HashSet<>(features).size());
        assertTrue(features.stream().allMatch(s -> s.matches("[A-Za-z0-9]{10}")), features.toString());
        List<String> expectedIds = java.util.stream.IntStream.range(0, 20).mapToObj(Integer::toString).toList();
        assertEquals(expectedIds, f.ids());
        Set<String> pairs = new HashSet<>();
        for (int r = 0; r < f.size(); r++) {
            pairs.add(f.id(r) + "/" + f.feature(r));
        }
        assertEquals(1000, pairs.size());
        assertTrue(f.isMatrix(), "held densely, 8 bytes per value");
    }

    /** random.max.values raises the bound for a node sized for it (a cohort-scale benchmark), and only there. */
    @Test
    void theRandomDataBoundIsConfigurable() throws Exception {
        Map<String, Object> d = descriptor("data_type", "numerical_array", "num_samples", 1500, "num_features", 1000);
        assertMessage("num_samples x num_features must not exceed 1000000, not 1500000", d);
        TestConnector larger = new TestConnector(2_000_000);
        assertEquals(DataKind.NUMERICAL_ARRAY, larger.kind(d));
        assertEquals(1_500_000, larger.estimateValues(d));
        Frame f = larger.load(new EtlRequest("t1", "localhost", "abc", d));
        assertEquals(1_500_000, f.size());
        ConnectorException e = assertThrows(ConnectorException.class, () -> larger.kind(descriptor("data_type",
                "numerical_array", "num_samples", 2001, "num_features", 1000)));
        assertTrue(e.getMessage().contains("must not exceed 2000000, not 2001000"), e.getMessage());
    }

    @Test
    void randomNumbersAreStandardNormal() throws Exception {
        Frame f = load(descriptor("data_type", "numerical", "num_samples", 20000, "seed", 11));
        assertEquals(1, f.features().size());
        assertTrue(f.feature(0).matches("[A-Za-z0-9]{30}"));
        double[] v = f.numberColumn();
        double mean = Arrays.stream(v).average().orElseThrow();
        double var = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1);
        assertEquals(0.0, mean, 0.05);
        assertEquals(1.0, var, 0.05);
    }

    @Test
    void randomCategoriesComeFromValues() throws Exception {
        Frame f = load(descriptor("data_type", "categorical", "num_samples", 500, "values", List.of("a", "b", 3),
                "seed", 3));
        assertEquals(500, f.size());
        assertEquals(List.of("0"), f.features());
        assertEquals(Set.of("a", "b", "3"), new HashSet<>(Arrays.asList(f.stringColumn())));
    }

    @Test
    void aSeedMakesRandomDataReproducible() throws Exception {
        Map<String, Object> d = descriptor("data_type", "numerical_array", "num_samples", 10, "num_features", 5,
                "seed", 42);
        Frame a = load(d);
        Frame b = load(d);
        assertArrayEquals(a.featureLevels(), b.featureLevels());
        assertArrayEquals(a.numberColumn(), b.numberColumn());
        d.put("seed", 43);
        Frame c = load(d);
        assertFalse(Arrays.equals(a.numberColumn(), c.numberColumn()));
        d.remove("seed");
        assertNotEquals(Arrays.asList(load(d).featureLevels()), Arrays.asList(load(d).featureLevels()));
    }

    @Test
    void randomModeChecksItsParameters() {
        assertMessage("need 'num_samples'", descriptor("data_type", "numerical"));
        assertMessage("need 'num_features'", descriptor("data_type", "numerical_array", "num_samples", 3));
        assertMessage("'num_samples' must be a non-negative integer",
                descriptor("data_type", "numerical", "num_samples", -1));
        assertMessage("'num_samples' must be a non-negative integer",
                descriptor("data_type", "numerical", "num_samples", 2.5));
        assertMessage("need 'values'", descriptor("data_type", "categorical", "num_samples", 3));
        assertMessage("need 'values'", descriptor("data_type", "categorical", "num_samples", 3, "values", List.of()));
        assertMessage("'seed' must be an integer", descriptor("data_type", "numerical", "num_samples", 3, "seed", "x"));
        assertMessage("must not exceed", descriptor("data_type", "numerical_array", "num_samples", 100000,
                "num_features", 100000));
    }

    /** Issue 10: num_samples 50,000,000 (four such loads killed every worker) is refused when posted. */
    @Test
    void randomDataSizesAreBounded() throws Exception {
        assertMessage("num_samples must be between 0 and 1000000, not 50000000",
                descriptor("data_type", "numerical", "num_samples", 50_000_000));
        assertMessage("num_samples must be between 0 and 1000000, not 3000000000",
                descriptor("data_type", "numerical", "num_samples", 3_000_000_000L));
        assertMessage("num_features must be between 0 and 100000, not 200000",
                descriptor("data_type", "numerical_array", "num_samples", 1, "num_features", 200_000));
        assertMessage("num_samples x num_features must not exceed 1000000, not 1001000",
                descriptor("data_type", "numerical_array", "num_samples", 1000, "num_features", 1001));
        // the largest allowed sizes pass the check made when the data are posted
        assertEquals(DataKind.NUMERICAL_ARRAY, connector.kind(descriptor("data_type", "numerical_array",
                "num_samples", 1000, "num_features", 1000)));
        assertEquals(DataKind.NUMERICAL, connector.kind(descriptor("data_type", "numerical", "num_samples",
                1_000_000)));
    }

    private void assertMessage(String expected, Map<String, Object> d) {
        ConnectorException e = assertThrows(ConnectorException.class, () -> connector.kind(d));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertThrows(ConnectorException.class, () -> load(d));
    }
}
