package org.fractalis.connector.transmart.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.fractalis.api.connector.ConnectorException;
import org.fractalis.api.connector.ConnectorException.Phase;
import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads tranSMART's hypercube JSON as a stream into a frame. Cells are kept as primitive columns (only the
 * dimension indexes that matter), so high-dimensional answers with millions of cells fit in memory; the
 * element lists are read as trees (they are small: one entry per patient, assay or biomarker).
 *
 * <p>Indexed dimensions are located through {@code dimensionDeclarations} (the non-inline ones, in order),
 * falling back to the key order of {@code dimensionElements} as the original did.
 */
final class Hypercube {
    static final String NOT_JSON = "Got unexpected data format.";

    private final DataKind kind;
    private final String label;

    private List<String> declared; // indexed dimension names from the declarations, or null
    private final List<String> elementOrder = new ArrayList<>();
    private final Map<String, JsonNode> elements = new HashMap<>();

    // cells: either the wanted index positions only (declarations seen first) or all of them
    private int[] wanted; // positions stored per cell, or null = all
    private int[] idx = new int[1024];
    private int[] cellStart = new int[256];
    private double[] numbers;
    private String[] strings;
    private int cells;
    private int idxSize;

    private Hypercube(DataKind kind, String label) {
        this.kind = kind;
        this.label = label;
        if (kind == DataKind.CATEGORICAL) {
            strings = new String[256];
        } else {
            numbers = new double[256];
        }
    }

    static Frame read(ObjectMapper mapper, InputStream in, DataKind kind, String label)
            throws IOException, ConnectorException {
        Hypercube h = new Hypercube(kind, label);
        try (JsonParser p = mapper.getFactory().createParser(in)) {
            h.parse(mapper, p);
        } catch (JsonProcessingException e) {
            throw new ConnectorException(Phase.EXTRACT, NOT_JSON + " The answer is not valid JSON"
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")")
                    + "; it may have been cut off.");
        }
        return h.build();
    }

    private void parse(ObjectMapper mapper, JsonParser p) throws IOException, ConnectorException {
        JsonToken t;
        try {
            t = p.nextToken();
        } catch (JsonProcessingException e) {
            throw new ConnectorException(Phase.EXTRACT, NOT_JSON);
        }
        if (t != JsonToken.START_OBJECT) {
            throw new ConnectorException(Phase.EXTRACT, NOT_JSON + " (expected a hypercube object)");
        }
        boolean sawCells = false;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            t = p.nextToken();
            switch (name) {
                case "dimensionDeclarations" -> declarations(mapper.readTree(p));
                case "cells" -> {
                    cells(p, t);
                    sawCells = true;
                }
                case "dimensionElements" -> elements(mapper, p, t);
                default -> p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new ConnectorException(Phase.EXTRACT, NOT_JSON + " The answer ends early; it may have been cut off.");
        }
        if (!sawCells) {
            throw new ConnectorException(Phase.EXTRACT, NOT_JSON + " The answer has no 'cells'.");
        }
    }

    private void declarations(JsonNode decl) {
        if (decl == null || !decl.isArray()) {
            return;
        }
        List<String> names = new ArrayList<>();
        for (JsonNode d : decl) {
            if (!d.path("inline").asBoolean(false)) {
                names.add(d.path("name").asText(""));
            }
        }
        declared = names;
        if (cells == 0) {
            wanted = positions(names);
        }
    }

    /** The positions among indexed dimensions that the kind needs. */
    private int[] positions(List<String> names) {
        List<String> needed = kind == DataKind.NUMERICAL_ARRAY ? List.of("assay", "biomarker") : List.of("patient");
        int[] out = new int[needed.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = names.indexOf(needed.get(i));
        }
        return out;
    }

    private void cells(JsonParser p, JsonToken t) throws IOException, ConnectorException {
        if (t != JsonToken.START_ARRAY) {
            throw new ConnectorException(Phase.EXTRACT, NOT_JSON + " 'cells' is not a list.");
        }
        int[] scratch = new int[16];
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                throw new ConnectorException(Phase.EXTRACT, NOT_JSON + " Cell " + cells + " is not an object.");
            }
            int n = 0;
            boolean hasNumber = false;
            double number = Double.NaN;
            String text = null;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                t = p.nextToken();
                switch (f) {
                    case "dimensionIndexes" -> {
                        if (t != JsonToken.START_ARRAY) {
                            p.skipChildren();
                            break;
                        }
                        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                            if (n == scratch.length) {
                                scratch = Arrays.copyOf(scratch, n * 2);
                            }
                            scratch[n++] = t == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : -1;
                            p.skipChildren();
                        }
                    }
                    case "numericValue" -> {
                        if (t.isNumeric()) {
                            hasNumber = true;
                            number = p.getDoubleValue();
                        } else if (t == JsonToken.VALUE_STRING) {
                            text = text == null ? p.getText() : text;
                        }
                    }
                    case "stringValue" -> {
                        if (t == JsonToken.VALUE_STRING) {
                            text = p.getText();
                        } else if (t.isNumeric() && !hasNumber) {
                            hasNumber = true;
                            number = p.getDoubleValue();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            addCell(scratch, n, hasNumber, number, text);
            if ((cells & 4095) == 0 && Thread.currentThread().isInterrupted()) {
                throw new ConnectorException(Phase.EXTRACT, "The load was cancelled.");
            }
        }
    }

    private void addCell(int[] indexes, int n, boolean hasNumber, double number, String text) {
        int capacity = numbers != null ? numbers.length : strings.length;
        if (cells == capacity) {
            if (numbers != null) {
                numbers = Arrays.copyOf(numbers, capacity * 2);
            } else {
                strings = Arrays.copyOf(strings, capacity * 2);
            }
        }
        if (cells + 2 > cellStart.length) {
            cellStart = Arrays.copyOf(cellStart, cellStart.length * 2);
        }
        cellStart[cells] = idxSize;
        if (wanted != null) {
            ensureIdx(wanted.length);
            for (int w : wanted) {
                idx[idxSize++] = w >= 0 && w < n ? indexes[w] : -1;
            }
        } else {
            ensureIdx(n);
            System.arraycopy(indexes, 0, idx, idxSize, n);
            idxSize += n;
        }
        if (numbers != null) {
            double v = Double.NaN;
            if (hasNumber) {
                v = number;
            } else if (text != null) {
                try {
                    v = Double.parseDouble(text.trim());
                } catch (NumberFormatException e) {
                    v = Double.NaN;
                }
            }
            numbers[cells] = v;
        } else {
            // categorical: the string value; a number (e.g. a DATE concept) as its text; none = missing
            strings[cells] = text != null ? text : hasNumber ? numberText(number) : null;
        }
        cells++;
        cellStart[cells] = idxSize;
    }

    private void ensureIdx(int more) {
        if (idxSize + more > idx.length) {
            idx = Arrays.copyOf(idx, Math.max(idx.length * 2, idxSize + more));
        }
    }

    private static String numberText(double d) {
        return d == Math.rint(d) && Math.abs(d) < 9e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private void elements(ObjectMapper mapper, JsonParser p, JsonToken t) throws IOException, ConnectorException {
        if (t != JsonToken.START_OBJECT) {
            throw new ConnectorException(Phase.EXTRACT, NOT_JSON + " 'dimensionElements' is not an object.");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            elementOrder.add(name);
            if (name.equals("patient") || name.equals("assay") || name.equals("biomarker")) {
                elements.put(name, mapper.readTree(p));
            } else {
                p.skipChildren();
            }
        }
    }

    /** The cell's index into the element list of the dimension at slot {@code slot} of {@link #positions}. */
    private int index(int cell, int slot, int[] positionsAll) {
        int start = cellStart[cell];
        if (wanted != null) {
            return idx[start + slot];
        }
        int pos = positionsAll[slot];
        int end = cellStart[cell + 1];
        return pos >= 0 && start + pos < end ? idx[start + pos] : -1;
    }

    private Frame build() throws ConnectorException {
        List<String> names = declared != null ? declared : elementOrder;
        int[] pos = wanted != null ? wanted : positions(names);
        if (kind == DataKind.NUMERICAL_ARRAY) {
            return buildArray(pos);
        }
        if (pos[0] < 0) {
            throw new ConnectorException(Phase.TRANSFORM, "The answer has no 'patient' dimension.");
        }
        JsonNode patients = list("patient");
        String[] ids = new String[patients.size()];
        Frame.Builder b = Frame.builder(kind);
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < cells; c++) {
            int pi = index(c, 0, pos);
            if (pi < 0) {
                continue; // an observation without a patient
            }
            String id = element(ids, patients, pi, "patient", c, "inTrialId", "id");
            if (numbers == null && strings[c] == null) {
                continue; // no value: missing
            }
            if (!seen.add(id)) {
                throw duplicate(id);
            }
            if (numbers != null) {
                b.add(id, label, numbers[c]);
            } else {
                b.add(id, label, strings[c]);
            }
        }
        return b.build();
    }

    private static ConnectorException duplicate(String id) {
        return new ConnectorException(Phase.TRANSFORM, "'id' column must be unique for this data type. Patient '" + id
                + "' has more than one observation (several visits, or several studies with the same in-trial id); "
                + "narrow the constraint to one visit and study.");
    }

    private Frame buildArray(int[] pos) throws ConnectorException {
        if (pos[0] < 0 || pos[1] < 0) {
            throw new ConnectorException(Phase.TRANSFORM, "The answer has no '" + (pos[0] < 0 ? "assay" : "biomarker")
                    + "' dimension; is the concept high-dimensional?");
        }
        JsonNode assays = list("assay");
        JsonNode biomarkers = list("biomarker");
        String[] samples = new String[assays.size()];
        String[] markers = new String[biomarkers.size()];
        Frame.Builder b = Frame.builder(DataKind.NUMERICAL_ARRAY);
        for (int c = 0; c < cells; c++) {
            int ai = index(c, 0, pos);
            int bi = index(c, 1, pos);
            if (ai < 0 || bi < 0) {
                continue;
            }
            b.add(element(samples, assays, ai, "assay", c, "sampleCode", "id"),
                    element(markers, biomarkers, bi, "biomarker", c, "label", "biomarker"), numbers[c]);
        }
        return b.build();
    }

    private JsonNode list(String dimension) throws ConnectorException {
        JsonNode l = elements.get(dimension);
        if (l == null || !l.isArray()) {
            throw new ConnectorException(Phase.TRANSFORM, "The answer lists no '" + dimension + "' elements.");
        }
        return l;
    }

    /** The text of an element's key (cached per index), e.g. a patient's in-trial id. */
    private static String element(String[] cache, JsonNode list, int i, String dimension, int cell, String key,
            String fallback) throws ConnectorException {
        if (i >= cache.length) {
            throw new ConnectorException(Phase.TRANSFORM, "Cell " + cell + " points to " + dimension + " " + i
                    + ", but only " + cache.length + " are listed.");
        }
        String s = cache[i];
        if (s == null) {
            JsonNode e = list.get(i);
            JsonNode v = e.get(key);
            if (v == null || v.isNull() || v.isContainerNode()) {
                v = e.get(fallback);
            }
            if (v == null || v.isNull() || v.isContainerNode() || v.asText().isEmpty()) {
                throw new ConnectorException(Phase.TRANSFORM, "The " + dimension + " element " + i + " has no '"
                        + key + "'.");
            }
            s = v.asText();
            cache[i] = s;
        }
        return s;
    }
}
