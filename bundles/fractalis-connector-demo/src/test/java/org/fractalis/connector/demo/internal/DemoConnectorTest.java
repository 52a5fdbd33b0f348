package org.fractalis.connector.demo.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.connector.EtlRequest;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.junit.jupiter.api.Test;

class DemoConnectorTest {
    private static final DemoConnector CONNECTOR = new DemoConnector();

    private static Map<String, Object> descriptor(String dataType, String field) {
        Map<String, Object> d = new HashMap<>();
        d.put("dataType", dataType);
        d.put("field", field);
        return d;
    }

    private static Frame load(String dataType, String field) throws ConnectorException {
        return load(CONNECTOR, dataType, field);
    }

    private static Frame load(DemoConnector c, String dataType, String field) throws ConnectorException {
        return c.load(new EtlRequest("t", "http://ignored", "", descriptor(dataType, field)));
    }

    /** value -> count, for categorical frames. */
    private static Map<String, Integer> tally(Frame f) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int r = 0; r < f.size(); r++) {
            counts.merge(f.string(r), 1, Integer::sum);
        }
        return counts;
    }

    /** Early = stage i/ii (any letter), late = stage iii/iv (any letter), written independently of the code. */
    private static String expectedGroup(String stage) {
        if (stage.matches("stage (i|ii)[abc]?")) {
            return "early";
        }
        if (stage.matches("stage (iii|iv)[abc]?")) {
            return "late";
        }
        return null;
    }

    @Test
    void everyFieldSharesOneListOf465UuidIds() throws Exception {
        List<String> ids = load("categorical", "gender").ids();
        assertEquals(465, ids.size());
        assertEquals(465, new HashSet<>(ids).size());
        assertTrue(ids.stream().allMatch(id -> id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
        for (DemoField f : DemoField.values()) {
            Frame frame = load(f.kind().wireName(), f.fieldName());
            assertEquals(f.kind(), frame.kind());
            if (f == DemoField.STAGE_GROUP) {
                assertTrue(ids.containsAll(frame.ids()));
            } else {
                assertEquals(ids, frame.ids(), f.fieldName());
            }
        }
    }

    @Test
    void categoricalFieldsHaveTheOriginalsProportions() throws Exception {
        assertEquals(Map.of("female", 224, "male", 239, "--", 2), tally(load("categorical", "gender")));
        assertEquals(Map.of("white", 225, "not reported", 161, "black or african american", 65, "asian", 11,
                "american indian or alaska native", 1, "--", 2), tally(load("categorical", "race")));
        assertEquals(Map.of("low", 439, "high", 26), tally(load("categorical", "miR1269a_expression")));

        Map<String, Integer> stages = tally(load("categorical", "tumor_stage"));
        assertEquals(138, stages.get("stage iia"));
        assertEquals(75, stages.get("stage i"));
        assertEquals(61, stages.get("stage iiib"));
        assertEquals(48, stages.get("stage iv"));
        assertEquals(2, stages.get("--"));
        assertTrue(stages.containsKey("not reported"));
        for (String s : stages.keySet()) {
            assertTrue(s.matches("stage (i|ia|ii|iia|iib|iic|iii|iiia|iiib|iiic|iv|iva|ivb)|not reported|--"), s);
        }
        assertEquals(465, stages.values().stream().mapToInt(Integer::intValue).sum());
        for (String field : List.of("gender", "race", "tumor_stage", "miR1269a_expression")) {
            Frame f = load("categorical", field);
            assertEquals(List.of(field), f.features());
        }
    }

    @Test
    void theSameTwoPatientsLackClinicalData() throws Exception {
        Set<String> noStage = idsWith(load("categorical", "tumor_stage"), "--");
        assertEquals(2, noStage.size());
        assertEquals(noStage, idsWith(load("categorical", "gender"), "--"));
        assertEquals(noStage, idsWith(load("categorical", "race"), "--"));
        Frame years = load("numerical", "year_of_birth");
        Set<String> noYear = new HashSet<>();
        for (int r = 0; r < years.size(); r++) {
            if (Double.isNaN(years.number(r))) {
                noYear.add(years.id(r));
            }
        }
        assertEquals(noStage, noYear);
    }

    private static Set<String> idsWith(Frame f, String value) {
        Set<String> out = new HashSet<>();
        for (int r = 0; r < f.size(); r++) {
            if (value.equals(f.string(r))) {
                out.add(f.id(r));
            }
        }
        return out;
    }

    @Test
    void numericalFieldsHaveTheOriginalsRangesAndMissingValues() throws Exception {
        Frame years = load("numerical", "year_of_birth");
        assertEquals(List.of("year_of_birth"), years.features());
        int missing = 0;
        for (int r = 0; r < years.size(); r++) {
            double y = years.number(r);
            if (Double.isNaN(y)) {
                missing++;
            } else {
                assertTrue(y >= 1912 && y <= 1980 && y == Math.rint(y), "year " + y);
            }
        }
        assertEquals(2, missing);

        Frame death = load("numerical", "days_to_death");
        assertEquals(465, death.size());
        int present = 0;
        for (int r = 0; r < death.size(); r++) {
            double d = death.number(r);
            if (!Double.isNaN(d)) {
                present++;
                assertTrue(d >= 0 && d <= 3042 && d == Math.rint(d), "days " + d);
            }
        }
        assertEquals(103, present);
    }

    @Test
    void mirnaIsACountMatrixOfHsaMirFeatures() throws Exception {
        Frame m = load("numerical_array", "miRNA");
        List<String> features = m.features();
        assertTrue(features.size() >= 200 && features.size() <= 500, "features: " + features.size());
        assertTrue(features.stream().allMatch(f -> f.startsWith("hsa-mir-")));
        assertTrue(features.contains("hsa-mir-21") && features.contains("hsa-mir-1269a"));
        assertEquals(465 * features.size(), m.size());
        Set<String> pairs = new HashSet<>();
        for (int r = 0; r < m.size(); r++) {
            double v = m.number(r);
            assertTrue(v >= 0 && v == Math.rint(v), "count " + v);
            pairs.add(m.idCode(r) + "/" + m.featureCode(r));
        }
        assertEquals(m.size(), pairs.size());
    }

    @Test
    void stageGroupFollowsTheStageRule() throws Exception {
        Frame stages = load("categorical", "tumor_stage");
        Map<String, String> expected = new HashMap<>();
        for (int r = 0; r < stages.size(); r++) {
            String g = expectedGroup(stages.string(r));
            if (g != null) {
                expected.put(stages.id(r), g);
            }
        }
        Frame groups = load("categorical", "stage_group");
        Map<String, String> actual = new HashMap<>();
        for (int r = 0; r < groups.size(); r++) {
            actual.put(groups.id(r), groups.string(r));
        }
        assertEquals(expected, actual);
        Map<String, Integer> counts = tally(groups);
        assertTrue(counts.get("early") > 200 && counts.get("late") > 150, counts.toString());
    }

    @Test
    void plantedMirnasDifferBetweenEarlyAndLateStage() throws Exception {
        Frame groups = load("categorical", "stage_group");
        Map<String, String> group = new HashMap<>();
        for (int r = 0; r < groups.size(); r++) {
            group.put(groups.id(r), groups.string(r));
        }
        Frame m = load("numerical_array", "miRNA");
        // Planted up in late stage (log2 fold change 2), down (-1.2), and not planted.
        assertTrue(ratioLateToEarly(m, group, "hsa-mir-1269a") > 2.5);
        assertTrue(ratioLateToEarly(m, group, "hsa-mir-145") < 0.6);
        double flat = ratioLateToEarly(m, group, "hsa-mir-192");
        assertTrue(flat > 0.8 && flat < 1.25, "hsa-mir-192 ratio " + flat);
    }

    private static double ratioLateToEarly(Frame m, Map<String, String> group, String feature) {
        double[] sum = new double[2];
        int[] n = new int[2];
        for (int r = 0; r < m.size(); r++) {
            String g = group.get(m.id(r));
            if (g != null && m.feature(r).equals(feature)) {
                int k = g.equals("late") ? 1 : 0;
                sum[k] += m.number(r);
                n[k]++;
            }
        }
        return (sum[1] / n[1]) / (sum[0] / n[0]);
    }

    @Test
    void highMir1269aExpressionMeansHighHsaMir1269aCounts() throws Exception {
        Frame expression = load("categorical", "miR1269a_expression");
        Map<String, String> level = new HashMap<>();
        for (int r = 0; r < expression.size(); r++) {
            level.put(expression.id(r), expression.string(r));
        }
        Frame m = load("numerical_array", "miRNA").withFeatures(List.of("hsa-mir-1269a"));
        double high = 0;
        double low = 0;
        for (int r = 0; r < m.size(); r++) {
            if (level.get(m.id(r)).equals("high")) {
                high += m.number(r) / 26;
            } else {
                low += m.number(r) / 439;
            }
        }
        assertTrue(high > 2 * low, "high " + high + " low " + low);
    }

    @Test
    void theCohortIsTheSameInEveryInstance() throws Exception {
        DemoConnector other = new DemoConnector();
        for (DemoField f : DemoField.values()) {
            Frame a = load(f.kind().wireName(), f.fieldName());
            Frame b = load(other, f.kind().wireName(), f.fieldName());
            assertArrayEquals(a.idLevels(), b.idLevels(), f.fieldName());
            assertArrayEquals(a.idCodeColumn(), b.idCodeColumn(), f.fieldName());
            assertArrayEquals(a.featureLevels(), b.featureLevels(), f.fieldName());
            if (f.kind().isNumeric()) {
                assertArrayEquals(a.numberColumn(), b.numberColumn(), f.fieldName());
            } else {
                assertArrayEquals(a.stringColumn(), b.stringColumn(), f.fieldName());
            }
        }
    }

    @Test
    void anotherSeedGivesAnotherCohort() {
        Frame a = new DemoCohort(DemoCohort.SEED).frame(DemoField.GENDER);
        Frame b = new DemoCohort(DemoCohort.SEED + 1).frame(DemoField.GENDER);
        assertFalse(a.ids().equals(b.ids()));
    }

    @Test
    void eachFieldIsGeneratedOnceAndSharedBetweenThreads() throws Exception {
        DemoConnector fresh = new DemoConnector();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Frame>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String field = i % 2 == 0 ? "miRNA" : "miR1269a_expression";
                String type = i % 2 == 0 ? "numerical_array" : "categorical";
                calls.add(() -> load(fresh, type, field));
            }
            List<Future<Frame>> results = pool.invokeAll(calls);
            for (int i = 2; i < results.size(); i++) {
                assertSame(results.get(i % 2).get(), results.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void unknownFieldsAreRefusedWithTheWhitelist() {
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> CONNECTOR.kind(descriptor("categorical", "../../etc/passwd")));
        assertEquals("Unknown field '../../etc/passwd'. Known fields: gender, race, tumor_stage, miR1269a_expression, "
                + "year_of_birth, days_to_death, miRNA, stage_group.", e.getMessage());
        assertThrows(ConnectorException.class, () -> load("categorical", "Gender"));
        assertThrows(ConnectorException.class, () -> CONNECTOR.label(descriptor("categorical", null)));
    }

    @Test
    void dataTypeMustBeTheFieldsKind() throws Exception {
        assertEquals(DataKind.NUMERICAL_ARRAY, CONNECTOR.kind(descriptor("numerical_array", "miRNA")));
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> CONNECTOR.kind(descriptor("numerical", "gender")));
        assertEquals("Field 'gender' is categorical, not 'numerical'.", e.getMessage());
        e = assertThrows(ConnectorException.class, () -> CONNECTOR.kind(descriptor(null, "gender")));
        assertTrue(e.getMessage().contains("needs a 'dataType'"), e.getMessage());
    }

    @Test
    void labelIsTheFieldAndTheTokenIsNeverChecked() throws Exception {
        assertEquals("days_to_death", CONNECTOR.label(descriptor("numerical", "days_to_death")));
        assertEquals("foo", CONNECTOR.login("", Map.of()));
        Frame f = CONNECTOR.load(new EtlRequest("t", "", "fail", descriptor("categorical", "race")));
        assertEquals(465, f.size());
    }
}
