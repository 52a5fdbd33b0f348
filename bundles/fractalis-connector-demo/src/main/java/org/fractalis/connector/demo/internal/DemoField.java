package org.fractalis.connector.demo.internal;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

import org.fractalis.api.data.DataKind;

/** The whitelist of fields the demo handler serves; a field name never reaches the file system. */
enum DemoField {
    GENDER("gender", DataKind.CATEGORICAL),
    RACE("race", DataKind.CATEGORICAL),
    TUMOR_STAGE("tumor_stage", DataKind.CATEGORICAL),
    MIR1269A_EXPRESSION("miR1269a_expression", DataKind.CATEGORICAL),
    YEAR_OF_BIRTH("year_of_birth", DataKind.NUMERICAL),
    DAYS_TO_DEATH("days_to_death", DataKind.NUMERICAL),
    MIRNA("miRNA", DataKind.NUMERICAL_ARRAY),
    /** Not in the original: "early" / "late" per patient, from which a page builds the demo's two subsets. */
    STAGE_GROUP("stage_group", DataKind.CATEGORICAL);

    private final String fieldName;
    private final DataKind kind;

    DemoField(String fieldName, DataKind kind) {
        this.fieldName = fieldName;
        this.kind = kind;
    }

    String fieldName() {
        return fieldName;
    }

    DataKind kind() {
        return kind;
    }

    static Optional<DemoField> byName(String name) {
        return Arrays.stream(values()).filter(f -> f.fieldName.equals(name)).findFirst();
    }

    /** "gender, race, …" for error messages. */
    static String known() {
        return Arrays.stream(values()).map(DemoField::fieldName).collect(Collectors.joining(", "));
    }
}
