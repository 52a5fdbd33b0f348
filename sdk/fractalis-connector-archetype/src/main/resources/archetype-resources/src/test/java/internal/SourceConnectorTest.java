package ${package}.internal;

import static org.fractalis.testkit.connector.ConnectorAssertions.assertLoads;
import static org.fractalis.testkit.connector.ConnectorAssertions.assertRefuses;
import static org.fractalis.testkit.connector.ConnectorAssertions.descriptor;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Runs the connector as the node does (kind, label, load) and checks the frame with the node's own rules. */
class SourceConnectorTest {
    private final SourceConnector connector = new SourceConnector();

    @Test
    void loadsANumericalVariableWithUniqueIds() {
        assertLoads(connector, descriptor("variable", "age", "ids", List.of("p1", "p2", "p3")))
                .numerical().withUniqueIds().withLabel("age").withIds("p1", "p2", "p3")
                .withValue("p1", SourceConnector.FIRST_VALUE).withoutMissingValues();
    }

    @Test
    void refusesADescriptorWithoutVariableOrIds() {
        assertRefuses(connector, descriptor("ids", List.of("p1"))).withMessageContaining("variable");
        assertRefuses(connector, descriptor("variable", "age")).withMessageContaining("ids");
        assertRefuses(connector, descriptor("variable", "age", "ids", List.of("p1", "p1")))
                .withMessageContaining("repeat");
    }
}
