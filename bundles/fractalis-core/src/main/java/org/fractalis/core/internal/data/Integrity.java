package org.fractalis.core.internal.data;

import java.util.HashSet;
import java.util.Set;

import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;

/** The original's integrity rules per data kind, with its messages word for word (SOURCES.md §2). */
public final class Integrity {
    private Integrity() {
    }

    /**
     * Checks a loaded frame against the kind its connector announced.
     *
     * @return null if the frame is fine, else the message
     */
    public static String check(Frame f, DataKind expected) {
        if (f == null) {
            return "Data must be a pandas.DataFrame.";
        }
        if (f.kind() != expected) {
            return expected.isNumeric() ? "'value' column must be of type 'np.int' or 'np.float'."
                    : "'value' column must be of type 'object' ('string').";
        }
        if (expected == DataKind.NUMERICAL_ARRAY) {
            Set<Long> pairs = new HashSet<>(f.size() * 2);
            for (int i = 0; i < f.size(); i++) {
                if (!pairs.add(((long) f.idCode(i) << 32) | (f.featureCode(i) & 0xffffffffL))) {
                    return "Every combination of 'id' and 'feature' must be unique.";
                }
            }
            return null;
        }
        if (f.ids().size() != f.size()) {
            return "'id' column must be unique for this data type.";
        }
        if (f.features().size() != 1) {
            return "'feature' column must contain exactly one unique value for this data type.";
        }
        return null;
    }
}
