package org.fractalis.testkit.connector;

import static org.fractalis.testkit.connector.ConnectorAssertions.assertLoadFails;
import static org.fractalis.testkit.connector.ConnectorAssertions.assertLoads;
import static org.fractalis.testkit.connector.ConnectorAssertions.assertLoginFails;
import static org.fractalis.testkit.connector.ConnectorAssertions.assertRefuses;
import static org.fractalis.testkit.connector.ConnectorAssertions.descriptor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.fractalis.api.connector.Connector;
import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.connector.EtlRequest;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.junit.jupiter.api.Test;

class ConnectorAssertionsTest {

    /** Loads the rows the descriptor lists as (id, feature, value) triples, under the kind it names. */
    private static final Connector ROWS = new Connector() {
        @Override
        public DataKind kind(Map<String, Object> d) throws ConnectorException {
            return DataKind.fromWireName(String.valueOf(d.get("kind")))
                    .orElseThrow(() -> new ConnectorException("Unknown kind " + d.get("kind") + "."));
        }

        @Override
        public String label(Map<String, Object> d) {
            return String.valueOf(d.get("label"));
        }

        @Override
        public Frame load(EtlRequest r) throws ConnectorException {
            if (r.descriptor().containsKey("fail")) {
                throw new ConnectorException("The source is down.");
            }
            if (r.descriptor().containsKey("garbled")) {
                throw new ConnectorException(ConnectorException.Phase.TRANSFORM, "Row 2 is not a number.");
            }
            Frame.Builder b = Frame.builder(kind(r.descriptor()));
            @SuppressWarnings("unchecked")
            List<List<Object>> rows = (List<List<Object>>) r.descriptor().get("rows");
            for (List<Object> row : rows) {
                if (row.get(2) instanceof Number n) {
                    b.add((String) row.get(0), (String) row.get(1), n.doubleValue());
                } else {
                    b.add((String) row.get(0), (String) row.get(1), (String) row.get(2));
                }
            }
            return b.build();
        }
    };

    @Test
    void aGoodVariablePassesAndReadsLikeTheSpi() {
        assertLoads(ROWS, descriptor("kind", "numerical", "label", "age",
                "rows", List.of(List.of("p1", "age", 41), List.of("p2", "age", 57))))
                .numerical().withUniqueIds().withLabel("age").withIds("p1", "p2").withFeatures("age")
                .withValue("p2", 57.0).withoutMissingValues().withRows(2);
    }

    @Test
    void repeatedIdsFailWithTheNodesOwnMessage() {
        AssertionError e = assertThrows(AssertionError.class, () -> assertLoads(ROWS, descriptor("kind", "categorical",
                "label", "sex", "rows", List.of(List.of("p1", "sex", "f"), List.of("p1", "sex", "m")))));
        assertEquals("the node would fail this load: A categorical frame must hold each id once; 1 of its 2 rows "
                + "repeat an id, e.g. 'p1'.", e.getMessage());
    }

    @Test
    void twoFeaturesInANumericalVariableFail() {
        AssertionError e = assertThrows(AssertionError.class, () -> assertLoads(ROWS, descriptor("kind", "numerical",
                "label", "x", "rows", List.of(List.of("p1", "a", 1), List.of("p2", "b", 2)))));
        assertTrue(e.getMessage().contains("exactly one feature"), e.getMessage());
    }

    @Test
    void aWrongKindExpectationFails() {
        Loaded l = assertLoads(ROWS, descriptor("kind", "numerical_array", "label", "genes",
                "rows", List.of(List.of("p1", "g1", 1), List.of("p1", "g2", 2))));
        assertThrows(AssertionError.class, l::numerical);
        assertThrows(AssertionError.class, l::withUniqueIds);
        l.numericalArray();
    }

    @Test
    void rowsReadAsIdFeatureValue() {
        Loaded l = assertLoads(ROWS, "http://localhost", "", descriptor("kind", "categorical", "label", "sex",
                "rows", List.of(List.of("p1", "sex", "f"), List.of("p2", "sex", "m"))));
        assertEquals(List.of("p1|sex|f", "p2|sex|m"), l.rows());
        assertEquals("", l.token(), "an empty token is passed on as the node passes it");
        l.withRows("p1|sex|f", "p2|sex|m");
        assertThrows(AssertionError.class, () -> l.withRows("p2|sex|m", "p1|sex|f"));
    }

    @Test
    void loginRunsWithoutATokenAndMayReturnAnEmptyOne() {
        Connector open = new Connector() {
            @Override
            public DataKind kind(Map<String, Object> d) {
                return DataKind.NUMERICAL;
            }

            @Override
            public String label(Map<String, Object> d) {
                return "x";
            }

            @Override
            public String login(String server, Map<String, Object> auth) throws ConnectorException {
                if (auth.containsKey("user")) {
                    return auth.get("user").equals("ann") ? "" : null;
                }
                throw new ConnectorException("'user' is missing.");
            }

            @Override
            public Frame load(EtlRequest r) {
                return Frame.builder(DataKind.NUMERICAL).add("p1", "x", r.token().length()).build();
            }
        };
        assertLoads(open, "http://localhost", Map.of("user", "ann"), descriptor()).withValue("p1", 0.0);
        AssertionError e = assertThrows(AssertionError.class,
                () -> assertLoads(open, "http://localhost", Map.of("user", "bob"), descriptor()));
        assertTrue(e.getMessage().contains("returned null"), e.getMessage());
        assertLoginFails(open, "http://localhost", Map.of()).withMessage("'user' is missing.");
        assertThrows(AssertionError.class,
                () -> assertLoginFails(open, "http://localhost", Map.of()).withMessage("'user' is missing"));
    }

    @Test
    void etlMessagesArePrefixedByThePhaseAsTheNodeDoes() {
        assertEquals("RuntimeError: Data extraction failed. The source is down.",
                assertLoadFails(ROWS, descriptor("kind", "numerical", "fail", true)).etlMessage());
        assertEquals("RuntimeError: Data transformation failed. Row 2 is not a number.",
                assertLoadFails(ROWS, "http://localhost", "t", descriptor("kind", "numerical", "garbled", true))
                        .withMessage("Row 2 is not a number.").etlMessage());
    }

    @Test
    void refusalsAndFailuresCarryTheUsersMessage() {
        assertRefuses(ROWS, descriptor("kind", "tensor")).withMessageContaining("Unknown kind tensor");
        assertLoadFails(ROWS, descriptor("kind", "numerical", "fail", true)).withMessageContaining("down");
        assertThrows(AssertionError.class, () -> assertRefuses(ROWS, descriptor("kind", "numerical")));
    }
}
