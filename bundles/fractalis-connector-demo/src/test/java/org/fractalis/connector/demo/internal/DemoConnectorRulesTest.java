package org.fractalis.connector.demo.internal;

import static org.fractalis.testkit.connector.ConnectorAssertions.assertLoads;
import static org.fractalis.testkit.connector.ConnectorAssertions.assertRefuses;
import static org.fractalis.testkit.connector.ConnectorAssertions.descriptor;

import org.fractalis.api.data.DataKind;
import org.fractalis.testkit.connector.Loaded;
import org.junit.jupiter.api.Test;

/** Every demo field loads under the node's own frame rules (fractalis-connector-testkit), as POST /data runs it. */
class DemoConnectorRulesTest {
    private final DemoConnector connector = new DemoConnector();

    @Test
    void everyFieldLoadsUnderTheNodesRules() {
        for (DemoField field : DemoField.values()) {
            Loaded loaded = assertLoads(connector, descriptor("dataType", field.kind().wireName(),
                    "field", field.fieldName())).ofKind(field.kind()).withLabel(field.fieldName());
            if (field.kind() != DataKind.NUMERICAL_ARRAY) {
                loaded.withUniqueIds().withFeatures(field.fieldName());
            }
        }
    }

    @Test
    void aWrongOrMissingFieldIsRefusedWithTheKnownFields() {
        assertRefuses(connector, descriptor("dataType", "categorical", "field", "shoe_size"))
                .withMessageContaining("Known fields: gender");
        assertRefuses(connector, descriptor("dataType", "categorical")).withMessageContaining("needs a 'field'");
        assertRefuses(connector, descriptor("dataType", "numerical", "field", "gender"))
                .withMessageContaining("is categorical");
    }
}
