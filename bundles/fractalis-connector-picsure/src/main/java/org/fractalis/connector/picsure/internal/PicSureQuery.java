package org.fractalis.connector.picsure.internal;

import java.util.List;
import java.util.Map;

import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.data.DataKind;

/**
 * A validated {@code pic-sure} descriptor (from the tranSMART-PIC-SURE plugin).
 *
 * @param query the complete PIC-SURE query, sent as is
 * @param kind {@code dataType}: categorical or numerical
 * @param label {@code query.select[0].alias}
 */
record PicSureQuery(Map<?, ?> query, DataKind kind, String label) {

    static PicSureQuery parse(Map<String, Object> d) throws ConnectorException {
        if (d == null) {
            throw new ConnectorException("The descriptor must be an object.");
        }
        Object type = d.get("dataType");
        DataKind kind = type instanceof String s ? DataKind.fromWireName(s).orElse(null) : null;
        if (kind == null || kind == DataKind.NUMERICAL_ARRAY) {
            throw new ConnectorException("The descriptor needs a 'dataType': 'categorical' or 'numerical' (PIC-SURE "
                    + "data cannot be loaded as arrays)" + (type == null ? "." : "; got '" + type + "'."));
        }
        if (!(d.get("query") instanceof Map<?, ?> query)) {
            throw new ConnectorException("The descriptor needs a 'query' object (a complete PIC-SURE query).");
        }
        if (!(query.get("select") instanceof List<?> select) || select.isEmpty()
                || !(select.get(0) instanceof Map<?, ?> first) || !(first.get("alias") instanceof String alias)
                || alias.isBlank()) {
            throw new ConnectorException("The query needs 'select[0].alias' (the variable's name, used as the label).");
        }
        return new PicSureQuery(query, kind, alias);
    }
}
