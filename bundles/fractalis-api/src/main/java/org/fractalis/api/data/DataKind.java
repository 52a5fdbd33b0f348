package org.fractalis.api.data;

import java.util.Optional;

/**
 * The three kinds of variable the front-end knows, with the names used on the wire ({@code data_type}).
 *
 * <p>A connector announces the kind with {@code Connector.kind} before loading, and the {@link Frame} it loads
 * must be of that kind and follow its rules ({@link FrameRules}): numerical and categorical variables have one
 * row per id and exactly one feature (the variable's name); a numerical array has one row per (id, feature).
 */
public enum DataKind {
    /** One string value per id ({@code null} = missing); exactly one feature, ids unique. */
    CATEGORICAL("categorical"),
    /** One number per id; {@code NaN} marks a missing value; exactly one feature, ids unique. */
    NUMERICAL("numerical"),
    /** One number per (id, feature), each pair at most once; {@code NaN} marks a missing value. */
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
