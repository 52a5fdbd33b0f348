package org.fractalis.connector.test.internal;

import static org.fractalis.testkit.connector.ConnectorAssertions.assertLoads;
import static org.fractalis.testkit.connector.ConnectorAssertions.assertRefuses;
import static org.fractalis.testkit.connector.ConnectorAssertions.descriptor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.fractalis.testkit.connector.Loaded;
import org.junit.jupiter.api.Test;

/** The test handler as POST /data runs it, under the node's own frame rules (fractalis-connector-testkit). */
class TestConnectorRulesTest {
    private final TestConnector connector = new TestConnector();

    @Test
    void randomDataOfEveryKindFollowTheNodesRules() {
        assertLoads(connector, descriptor("data_type", "numerical", "label", "age", "num_samples", 50, "seed", 7))
                .numerical().withUniqueIds().withLabel("age").withRows(50);
        assertLoads(connector, descriptor("data_type", "categorical", "num_samples", 20, "seed", 7,
                "values", List.of("a", "b")))
                .categorical().withUniqueIds().withRows(20);
        assertLoads(connector, descriptor("data_type", "numerical_array", "num_samples", 10, "num_features", 4,
                "seed", 7)).numericalArray().withRows(40);
    }

    @Test
    void withoutATokenTheLoginTokenIsUsed() {
        Loaded l = assertLoads(connector, "http://localhost", Map.of("user", "u", "passwd", "p"),
                descriptor("data_type", "numerical", "rows", List.of(Map.of("id", "p1", "feature", "x", "value", 1))));
        assertEquals(TestConnector.DEFAULT_TOKEN, l.token());
        l.numerical().withIds("p1").withValue("p1", 1.0);
    }

    @Test
    void anUnknownDataTypeIsRefusedAtOnce() {
        assertRefuses(connector, descriptor("data_type", "tensor")).withMessageContaining("Unsupported data_type");
    }
}
