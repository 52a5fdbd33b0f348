package org.fractalis.api.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The integrity rules a connector's {@link Frame} must satisfy for the {@link DataKind} it announced. Core applies
 * them to every loaded frame (a violation ends the load as FAILURE with the message below, which the user reads),
 * and the connector testkit applies the same rules in unit tests.
 *
 * <ul>
 * <li>the frame is not {@code null} and its {@link Frame#kind()} is the announced kind;</li>
 * <li>{@link DataKind#NUMERICAL} and {@link DataKind#CATEGORICAL}: each id occurs in exactly one row, and every row
 * has the same single feature (by convention the variable's name, e.g. {@code "age"});</li>
 * <li>{@link DataKind#NUMERICAL_ARRAY}: each (id, feature) pair occurs at most once (features are e.g. genes);
 * an id may lack some features.</li>
 * </ul>
 * Missing values are allowed in every kind: {@code NaN} for numbers, {@code null} for strings.
 *
 * @since 1.1
 */
public final class FrameRules {
    /** Offending ids or (id, feature) pairs quoted in a message. */
    private static final int EXAMPLES = 3;

    private FrameRules() {
    }

    /**
     * Checks a loaded frame against the kind its connector announced.
     *
     * @param f the frame {@code Connector.load} returned (may be null)
     * @param expected the kind {@code Connector.kind} returned
     * @return null if the frame is fine, else the message saying in Fractalis terms what the frame violated
     */
    public static String check(Frame f, DataKind expected) {
        if (f == null) {
            return "The connector returned no frame (Connector.load must return a Frame, never null).";
        }
        if (f.kind() != expected) {
            return "The connector announced a " + expected.wireName() + " variable but returned a " + f.kind().wireName()
                    + " frame (Frame.kind() must be the DataKind that Connector.kind returned).";
        }
        if (expected == DataKind.NUMERICAL_ARRAY) {
            return f.isMatrix() ? null : repeatedPairs(f); // a matrix holds each cell once by construction
        }
        if (f.ids().size() != f.size()) {
            Set<String> seen = new HashSet<>();
            Set<String> repeated = new LinkedHashSet<>();
            for (int i = 0; i < f.size(); i++) {
                if (!seen.add(f.id(i))) {
                    repeated.add("'" + f.id(i) + "'");
                }
            }
            return "A " + expected.wireName() + " frame must hold each id once; " + (f.size() - f.ids().size())
                    + " of its " + f.size() + " rows repeat an id, e.g. "
                    + repeated.stream().limit(EXAMPLES).collect(Collectors.joining(", ")) + ".";
        }
        if (f.features().size() != 1) {
            return "A " + expected.wireName() + " frame must have exactly one feature (the variable); this one has "
                    + f.features().size() + (f.features().isEmpty() ? "" : ": " + f.features().stream().limit(EXAMPLES)
                            .map(s -> "'" + s + "'").collect(Collectors.joining(", "))
                            + (f.features().size() > EXAMPLES ? ", …" : "")) + ".";
        }
        return null;
    }

    /**
     * Duplicate (id, feature) pairs of a long frame. Pairs are cells of the ids x features grid: marked in a bit
     * set while that is at most a few bytes per row, else sorted as longs (8 bytes per row), so a cohort-sized
     * frame is checked without a hash set of boxed pairs (which took ~60 bytes per row).
     */
    private static String repeatedPairs(Frame f) {
        int n = f.size();
        long width = f.featureLevels().length;
        long cells = f.idLevels().length * width;
        List<String> repeated = new ArrayList<>();
        int duplicates = 0;
        if (cells <= 32L * n + 4096) {
            long[] seen = new long[(int) ((cells + 63) >>> 6)];
            for (int r = 0; r < n; r++) {
                long cell = f.idCode(r) * width + f.featureCode(r);
                long bit = 1L << cell;
                int word = (int) (cell >>> 6);
                if ((seen[word] & bit) != 0) {
                    duplicates++;
                    if (repeated.size() < EXAMPLES) {
                        repeated.add("('" + f.id(r) + "', '" + f.feature(r) + "')");
                    }
                }
                seen[word] |= bit;
            }
        } else {
            long[] keys = new long[n];
            for (int r = 0; r < n; r++) {
                keys[r] = f.idCode(r) * width + f.featureCode(r);
            }
            Arrays.sort(keys);
            for (int r = 1; r < n; r++) {
                if (keys[r] == keys[r - 1]) {
                    duplicates++;
                    if (repeated.size() < EXAMPLES) {
                        repeated.add("('" + f.idLevels()[(int) (keys[r] / width)] + "', '"
                                + f.featureLevels()[(int) (keys[r] % width)] + "')");
                    }
                }
            }
        }
        return duplicates == 0 ? null : "A numerical_array frame must hold each (id, feature) pair once; "
                + duplicates + " of its " + n + " rows repeat one, e.g. " + String.join(", ", repeated) + ".";
    }
}
