package org.fractalis.api.data;

import java.util.Optional;

/** The three kinds of variable the front-end knows, with the names used on the wire ({@code data_type}). */
public enum DataKind {
    /** One string value per id. */
    CATEGORICAL("categorical"),
    /** One number per id; {@code NaN} marks a missing value. */
    NUMERICAL("numerical"),
    /** One number per (id, feature); {@code NaN} marks a missing value. */
    NUMERICAL_ARRAY("numerical_array");

    private final String wireName;

    DataKind(String wireName) {
        this.wireName = wireName;
    }

    /** The name sent as {@code data_type}. */
    public String wireName() {
        return wireName;
    }

    /** The kind with that wire name, if any. */
    public static Optional<DataKind> fromWireName(String name) {
        for (DataKind k : values()) {
            if (k.wireName.equals(name)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** Whether values are numbers (numerical and numerical_array). */
    public boolean isNumeric() {
        return this != CATEGORICAL;
    }
}
