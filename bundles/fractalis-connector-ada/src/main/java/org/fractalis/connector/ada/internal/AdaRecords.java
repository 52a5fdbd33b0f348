package org.fractalis.connector.ada.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.connector.ConnectorException.Phase;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns the answer of {@code findCustom} (a JSON array of records) into a frame, record by record, so a
 * large data set never exists as one JSON tree.
 */
final class AdaRecords {
    /** The original's message for an answer that is not JSON (typically ADA's HTML login page). */
    static final String NOT_JSON = "Unexpected data format. Possible authentication error.";

    private final AdaField field;
    private final Frame.Builder scalars;
    private final List<String> arrayIds = new ArrayList<>();
    private final List<double[]> arrays = new ArrayList<>();
    private int maxLength;
    private int index;

    private AdaRecords(AdaField field) {
        this.field = field;
        this.scalars = field.kind() == DataKind.NUMERICAL_ARRAY ? null : Frame.builder(field.kind());
    }

    static Frame read(ObjectMapper mapper, InputStream in, AdaField field) throws IOException, ConnectorException {
        AdaRecords r = new AdaRecords(field);
        try (JsonParser p = mapper.getFactory().createParser(in)) {
            JsonToken t;
            try {
                t = p.nextToken();
            } catch (JsonProcessingException e) {
                throw new ConnectorException(Phase.EXTRACT, NOT_JSON);
            }
            if (t == null) {
                throw new ConnectorException(Phase.EXTRACT, NOT_JSON + " (The answer is empty.)");
            }
            if (t != JsonToken.START_ARRAY) {
                throw new ConnectorException(Phase.EXTRACT, "Unexpected data format: ADA answered "
                        + (t == JsonToken.START_OBJECT ? "a JSON object" : "a single JSON value")
                        + " instead of an array of records.");
            }
            while (true) {
                JsonNode rec;
                try {
                    t = p.nextToken();
                    if (t == JsonToken.END_ARRAY) {
                        break;
                    }
                    if (t == null) {
                        throw brokeOff(r.index, null);
                    }
                    rec = p.readValueAsTree();
                } catch (JsonProcessingException e) {
                    throw brokeOff(r.index, e.getLocation());
                }
                r.add(rec);
                if ((r.index & 1023) == 0 && Thread.currentThread().isInterrupted()) {
                    throw new ConnectorException(Phase.EXTRACT, "The load was cancelled.");
                }
            }
        }
        return r.build();
    }

    private static ConnectorException brokeOff(int records, JsonLocation where) {
        String at = where == null ? "" : " (invalid JSON at line " + where.getLineNr() + ", column "
                + where.getColumnNr() + ")";
        return new ConnectorException(Phase.EXTRACT, "Unexpected data format: the answer breaks off after " + records
                + " complete records" + at + ". The server or a proxy may have cut it; try again.");
    }

    private void add(JsonNode rec) throws ConnectorException {
        int i = index++;
        if (!rec.isObject()) {
            throw new ConnectorException(Phase.TRANSFORM, "Record " + i + " of the answer is not a JSON object.");
        }
        String id = id(rec.get("_id"));
        if (id == null) {
            throw new ConnectorException(Phase.TRANSFORM, "Record " + i + " has no usable '_id' (expected {\"$oid\": \"...\"}).");
        }
        JsonNode v = value(rec);
        if (v == null || v.isNull() || v.isMissingNode() || v.isTextual() && v.textValue().isEmpty()) {
            return; // the original's filter drops empty values; a record without the field has none
        }
        switch (field.kind()) {
            case CATEGORICAL -> scalars.add(id, field.label(), category(id, v));
            case NUMERICAL -> scalars.add(id, field.label(), number(id, v));
            case NUMERICAL_ARRAY -> array(id, v);
        }
    }

    /** The projected value: the top-level key, else the dotted path into nested objects, else the name. */
    private JsonNode value(JsonNode rec) {
        JsonNode v = rec.get(field.projection());
        if (v == null && field.projection().indexOf('.') > 0) {
            JsonNode cur = rec;
            for (String part : field.projection().split("\\.")) {
                cur = cur == null ? null : cur.get(part);
            }
            v = cur;
        }
        if (v == null && !field.name().equals(field.projection())) {
            v = rec.get(field.name());
        }
        return v;
    }

    private static String id(JsonNode n) {
        if (n == null) {
            return null;
        }
        if (n.isObject()) {
            JsonNode oid = n.get("$oid");
            return oid != null && oid.isTextual() && !oid.textValue().isEmpty() ? oid.textValue() : null;
        }
        String s = Values.text(n);
        return s == null || s.isEmpty() ? null : s;
    }

    private String category(String id, JsonNode v) throws ConnectorException {
        String raw = Values.text(v);
        if (raw == null) {
            throw new ConnectorException(Phase.TRANSFORM, "Record '" + id + "': the value of '" + field.name()
                    + "' is not a single value.");
        }
        if (!field.fieldType().equals("Enum") || field.numValues().isEmpty()) {
            return raw; // Boolean -> "true"/"false" (the original kept booleans and always failed)
        }
        String label = field.numValues().get(raw);
        if (label == null) {
            throw new ConnectorException(Phase.TRANSFORM, "'" + raw + "' is not a value of the enum field '"
                    + field.name() + "' (known values: " + known(field.numValues()) + ").");
        }
        return label;
    }

    private static String known(Map<String, String> values) {
        String s = values.keySet().stream().limit(20).collect(Collectors.joining(", "));
        return values.size() > 20 ? s + ", …" : s;
    }

    private double number(String id, JsonNode v) throws ConnectorException {
        Double d = Values.number(v, field.fieldType().equals("Date"));
        if (d == null) {
            throw new ConnectorException(Phase.TRANSFORM, "Record '" + id + "': the value "
                    + snippet(v) + " of '" + field.name() + "' is not a number"
                    + (field.fieldType().equals("Date") ? " nor a date" : "") + ".");
        }
        return d;
    }

    private void array(String id, JsonNode v) throws ConnectorException {
        double[] values;
        if (v.isArray()) {
            values = new double[v.size()];
            for (int k = 0; k < values.length; k++) {
                JsonNode e = v.get(k);
                if (e == null || e.isNull()) {
                    values[k] = Double.NaN;
                    continue;
                }
                Double d = Values.number(e, false);
                if (d == null) {
                    throw new ConnectorException(Phase.TRANSFORM, "Record '" + id + "': element " + k + " of '"
                            + field.name() + "' is not a number: " + snippet(e) + ".");
                }
                values[k] = d;
            }
        } else {
            Double d = Values.number(v, false);
            if (d == null) {
                throw new ConnectorException(Phase.TRANSFORM, "Record '" + id + "': '" + field.name()
                        + "' is not an array of numbers: " + snippet(v) + ".");
            }
            values = new double[] {d};
        }
        maxLength = Math.max(maxLength, values.length);
        arrayIds.add(id);
        arrays.add(values);
    }

    private static String snippet(JsonNode v) {
        String s = v.toString();
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    private Frame build() {
        if (scalars != null) {
            return scalars.build();
        }
        // one row per id and position; shorter arrays are padded with NaN as in the original
        Frame.Builder b = Frame.builder(DataKind.NUMERICAL_ARRAY);
        String[] features = new String[maxLength];
        Arrays.setAll(features, Integer::toString);
        for (int r = 0; r < arrays.size(); r++) {
            double[] values = arrays.get(r);
            String id = arrayIds.get(r);
            for (int k = 0; k < maxLength; k++) {
                b.add(id, features[k], k < values.length ? values[k] : Double.NaN);
            }
        }
        return b.build();
    }
}
