package org.fractalis.testkit.connector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;

/**
 * A variable a connector loaded (see {@link ConnectorAssertions#assertLoads}), with assertions that read like the
 * SPI: {@code assertLoads(c, d).numerical().withUniqueIds().withLabel("age")}. Each assertion returns this object
 * and throws {@link AssertionError} when it does not hold.
 */
public final class Loaded {
    private final DataKind kind;
    private final String label;
    private final String token;
    private final Frame frame;

    Loaded(DataKind kind, String label, String token, Frame frame) {
        this.kind = kind;
        this.label = label;
        this.token = token;
        this.frame = frame;
    }

    /** The frame {@code load} returned (it passed the node's rules). */
    public Frame frame() {
        return frame;
    }

    /** What {@code Connector.kind} announced. */
    public DataKind kind() {
        return kind;
    }

    /** What {@code Connector.label} returned. */
    public String label() {
        return label;
    }

    /** The token the load ran with (from the auth object or from {@code login}). */
    public String token() {
        return token;
    }

    /**
     * The frame's rows as {@code "id|feature|value"} text, in order ({@code NaN} and {@code null} as such), for
     * comparing a whole variable at once: {@code assertEquals(List.of("p1|age|41.0"), loaded.rows())}.
     */
    public List<String> rows() {
        List<String> out = new ArrayList<>(frame.size());
        for (int i = 0; i < frame.size(); i++) {
            out.add(frame.id(i) + "|" + frame.feature(i) + "|" + frame.value(i));
        }
        return out;
    }

    /** Exactly these rows, in order, as {@link #rows()} writes them. */
    public Loaded withRows(String... expected) {
        if (!rows().equals(Arrays.asList(expected))) {
            fail("expected rows " + Arrays.asList(expected) + ", was " + rows());
        }
        return this;
    }

    /** A numerical variable: one number per id, one feature. */
    public Loaded numerical() {
        return ofKind(DataKind.NUMERICAL);
    }

    /** A categorical variable: one string per id, one feature. */
    public Loaded categorical() {
        return ofKind(DataKind.CATEGORICAL);
    }

    /** A numerical array: numbers per (id, feature). */
    public Loaded numericalArray() {
        return ofKind(DataKind.NUMERICAL_ARRAY);
    }

    public Loaded ofKind(DataKind expected) {
        if (kind != expected) {
            fail("expected a " + expected.wireName() + " variable, the connector announced " + kind.wireName());
        }
        return this;
    }

    /** Each id occurs in exactly one row (the node requires it for numerical and categorical variables). */
    public Loaded withUniqueIds() {
        if (frame.ids().size() != frame.size()) {
            fail("expected unique ids, " + (frame.size() - frame.ids().size()) + " of " + frame.size()
                    + " rows repeat an id");
        }
        return this;
    }

    public Loaded withLabel(String expected) {
        if (!Objects.equals(expected, label)) {
            fail("expected label '" + expected + "', was '" + label + "'");
        }
        return this;
    }

    /** Exactly this many rows (values). */
    public Loaded withRows(int expected) {
        if (frame.size() != expected) {
            fail("expected " + expected + " rows, was " + frame.size());
        }
        return this;
    }

    /** Exactly these ids, in order of first appearance. */
    public Loaded withIds(String... expected) {
        if (!frame.ids().equals(Arrays.asList(expected))) {
            fail("expected ids " + Arrays.asList(expected) + ", was " + frame.ids());
        }
        return this;
    }

    /** Exactly these features, in order of first appearance (numerical and categorical have one). */
    public Loaded withFeatures(String... expected) {
        if (!frame.features().equals(Arrays.asList(expected))) {
            fail("expected features " + Arrays.asList(expected) + ", was " + frame.features());
        }
        return this;
    }

    /** The row of this id (and, for arrays, the first row of it) holds this number ({@code NaN} = missing). */
    public Loaded withValue(String id, double expected) {
        int row = rowOf(id);
        double v = frame.number(row);
        if (Double.compare(v, expected) != 0) {
            fail("expected " + id + " = " + expected + ", was " + v);
        }
        return this;
    }

    /** The row of this id holds this string ({@code null} = missing). */
    public Loaded withValue(String id, String expected) {
        int row = rowOf(id);
        if (!Objects.equals(frame.string(row), expected)) {
            fail("expected " + id + " = '" + expected + "', was '" + frame.string(row) + "'");
        }
        return this;
    }

    /** No value is missing ({@code NaN} or {@code null}). */
    public Loaded withoutMissingValues() {
        for (int i = 0; i < frame.size(); i++) {
            Object v = frame.value(i);
            if (v == null || (v instanceof Double d && d.isNaN())) {
                fail("expected no missing value, " + frame.id(i) + " (" + frame.feature(i) + ") is missing");
            }
        }
        return this;
    }

    private int rowOf(String id) {
        for (int i = 0; i < frame.size(); i++) {
            if (frame.id(i).equals(id)) {
                return i;
            }
        }
        List<String> ids = frame.ids();
        fail("no row for id '" + id + "' among " + (ids.size() > 10 ? ids.subList(0, 10) + "…" : ids));
        return -1;
    }

    private void fail(String message) {
        throw new AssertionError(message + " (" + frame + ", label '" + label + "')");
    }
}
