package org.fractalis.connector.transmart.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.data.DataKind;

/**
 * A validated {@code transmart} descriptor (as Glowing Bear sends it).
 *
 * @param constraint the tranSMART v2 constraint: an object, or a JSON-encoded string (older Glowing Bear),
 *     forwarded unchanged
 * @param kind {@code data_type}, taken literally
 * @param label the label (also the feature name of scalar data)
 * @param biomarkerConstraint the biomarker constraint of high-dimensional data, or null
 */
record TransmartQuery(Object constraint, DataKind kind, String label, Object biomarkerConstraint) {

    static TransmartQuery parse(Map<String, Object> d) throws ConnectorException {
        if (d == null) {
            throw new ConnectorException("The descriptor must be an object.");
        }
        Object type = d.get("data_type");
        DataKind kind = type instanceof String s ? DataKind.fromWireName(s).orElse(null) : null;
        if (kind == null) {
            throw new ConnectorException("The descriptor needs a 'data_type': 'categorical', 'numerical' or "
                    + "'numerical_array'" + (type == null ? "." : " (got '" + type + "')."));
        }
        Object constraint = d.get("constraint");
        if (!(constraint instanceof Map) && !(constraint instanceof String s && !s.isBlank())) {
            throw new ConnectorException("The descriptor needs a 'constraint' (a tranSMART v2 constraint object).");
        }
        Object label = d.get("label");
        if (!(label instanceof String l) || l.isBlank()) {
            throw new ConnectorException("The descriptor needs a 'label'.");
        }
        Object bio = d.get("biomarker_constraint");
        if (bio != null && !(bio instanceof Map) && !(bio instanceof String)) {
            throw new ConnectorException("'biomarker_constraint' must be a tranSMART biomarker constraint object.");
        }
        return new TransmartQuery(constraint, kind, l, bio);
    }

    /** The body of {@code POST /v2/observations}. */
    Map<String, Object> body() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("constraint", constraint);
        if (kind == DataKind.NUMERICAL_ARRAY) {
            b.put("type", "autodetect");
            b.put("projection", "log_intensity");
            if (biomarkerConstraint != null) {
                b.put("biomarker_constraint", biomarkerConstraint);
            }
        } else {
            b.put("type", "clinical");
        }
        return b;
    }
}
