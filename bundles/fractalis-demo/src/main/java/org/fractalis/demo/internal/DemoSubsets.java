package org.fractalis.demo.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.fractalis.api.connector.Connector;
import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.connector.EtlRequest;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;

/**
 * The two demo subsets (early vs late tumour stage), read from the demo connector's {@code stage_group} field:
 * one row per early or late patient with the value {@code early} or {@code late}. The page cannot read data
 * values through the REST API, so the node hands the ids out as {@code /demo/subsets.json}.
 */
final class DemoSubsets {
    static final String HANDLER = "demo_tcga_coad";
    static final String FIELD = "stage_group";
    static final List<String> LABELS = List.of("early", "late");

    private DemoSubsets() {
    }

    /** The JSON document served as {@code subsets.json}, loaded through the connector. */
    static String load(Connector connector) throws ConnectorException {
        Map<String, Object> descriptor = Map.of("dataType", DataKind.CATEGORICAL.wireName(), "field", FIELD);
        Frame frame = connector.load(new EtlRequest(UUID.randomUUID().toString(), "", "", descriptor));
        return json(split(frame));
    }

    /** Ids per label of {@link #LABELS}, in frame order; rows with another (or no) value are left out. */
    static List<List<String>> split(Frame frame) {
        if (frame.kind() != DataKind.CATEGORICAL) {
            throw new IllegalArgumentException("stage_group must be categorical, not " + frame.kind().wireName());
        }
        List<List<String>> subsets = new ArrayList<>();
        for (int i = 0; i < LABELS.size(); i++) {
            subsets.add(new ArrayList<>());
        }
        for (int row = 0; row < frame.size(); row++) {
            String value = frame.string(row);
            int group = value == null ? -1 : LABELS.indexOf(value);
            if (group >= 0) {
                subsets.get(group).add(frame.id(row));
            }
        }
        return subsets;
    }

    /** {@code {"handler":…,"field":…,"labels":["early","late"],"subsets":[[ids…],[ids…]]}}. */
    static String json(List<List<String>> subsets) {
        StringBuilder b = new StringBuilder(64 + subsets.stream().mapToInt(s -> s.size() * 40).sum());
        b.append("{\"handler\":");
        Json.string(b, HANDLER);
        b.append(",\"field\":");
        Json.string(b, FIELD);
        b.append(",\"labels\":[");
        for (int i = 0; i < LABELS.size(); i++) {
            b.append(i == 0 ? "" : ",");
            Json.string(b, LABELS.get(i));
        }
        b.append("],\"subsets\":[");
        for (int i = 0; i < subsets.size(); i++) {
            b.append(i == 0 ? "[" : ",[");
            List<String> ids = subsets.get(i);
            for (int j = 0; j < ids.size(); j++) {
                if (j > 0) {
                    b.append(',');
                }
                Json.string(b, ids.get(j));
            }
            b.append(']');
        }
        return b.append("]}").toString();
    }
}
