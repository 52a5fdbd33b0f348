package org.fractalis.connector.demo.internal;

import java.util.Map;

import org.fractalis.api.connector.Connector;
import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.connector.ConnectorHandler;
import org.fractalis.api.connector.EtlRequest;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code demo_tcga_coad} handler behind the demo page: a generated TCGA-COAD-like cohort (the original's
 * data files are not available), the same on every node because it comes from a fixed seed.
 */
@Component(service = Connector.class)
@ConnectorHandler(handler = "demo_tcga_coad")
public final class DemoConnector implements Connector {

    /** The token handed out by {@link #login}, as in the original; it is never checked. */
    static final String DEFAULT_TOKEN = "foo";

    private final DemoCohort cohort = new DemoCohort(DemoCohort.SEED);

    @Override
    public String login(String server, Map<String, Object> auth) {
        return DEFAULT_TOKEN;
    }

    @Override
    public DataKind kind(Map<String, Object> descriptor) throws ConnectorException {
        return fieldOf(descriptor).kind();
    }

    @Override
    public String label(Map<String, Object> descriptor) throws ConnectorException {
        return fieldOf(descriptor).fieldName();
    }

    @Override
    public Frame load(EtlRequest request) throws ConnectorException {
        return cohort.frame(fieldOf(request.descriptor()));
    }

    /** The requested field, after checking that {@code dataType} is its kind. */
    static DemoField fieldOf(Map<String, Object> d) throws ConnectorException {
        if (d == null) {
            throw new ConnectorException("The descriptor must be an object.");
        }
        Object name = d.get("field");
        if (!(name instanceof String s) || s.isEmpty()) {
            throw new ConnectorException("The descriptor needs a 'field'. Known fields: " + DemoField.known() + ".");
        }
        DemoField field = DemoField.byName(s).orElseThrow(() -> new ConnectorException(
                "Unknown field '" + s + "'. Known fields: " + DemoField.known() + "."));
        Object type = d.get("dataType");
        if (type == null) {
            throw new ConnectorException("The descriptor needs a 'dataType' ('" + field.kind().wireName()
                    + "' for field '" + s + "').");
        }
        if (!field.kind().wireName().equals(type)) {
            throw new ConnectorException("Field '" + s + "' is " + field.kind().wireName() + ", not '" + type + "'.");
        }
        return field;
    }
}
