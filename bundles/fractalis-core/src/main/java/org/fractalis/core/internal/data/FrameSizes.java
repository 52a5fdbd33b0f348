package org.fractalis.core.internal.data;

import org.fractalis.api.data.DataKind;
import org.fractalis.api.data.Frame;

/**
 * Heap estimates of frames, for the job memory budget. Coarse on purpose (a 64-bit JVM with compressed oops) and
 * computed without copying a column: the frame's accessors copy arrays, which is what the budget must avoid.
 */
public final class FrameSizes {
    /**
     * Heap per value before a load, when only the number of values is known: two int codes, a double or a string
     * reference, a distinct id string per row in the worst case (the usual shape of a numerical variable), and the
     * connector's working copies while it builds the frame.
     */
    public static final long BYTES_PER_VALUE = 96;

    /** Header of a String object and of its byte array. */
    private static final long STRING_OVERHEAD = 24 + 16;

    private FrameSizes() {
    }

    /**
     * Heap per value of a numerical array before its load: its ids repeat once per feature, so no id string per
     * value; the frame's columns (a matrix: 8 bytes; long format: 16 bytes and a copy while a builder grows) and
     * the connector's working copy. The HTTP connectors' own response size caps bound what their parsing costs.
     */
    public static final long ARRAY_BYTES_PER_VALUE = 24;

    /** Estimated heap to load that many values of that kind. */
    public static long beforeLoad(DataKind kind, long values) {
        if (values <= 0) {
            return 0;
        }
        long per = kind == DataKind.NUMERICAL_ARRAY ? ARRAY_BYTES_PER_VALUE : BYTES_PER_VALUE;
        return values > Long.MAX_VALUE / per ? Long.MAX_VALUE : values * per;
    }

    /** Heap a decoded frame takes. */
    public static long of(Frame f) {
        int rows = f.size();
        long bytes = 64 + (f.isMatrix() ? 0 : rows * 8L); // two int code columns, none in a matrix
        bytes += f.kind() == DataKind.CATEGORICAL ? rows * 4L : rows * 8L; // string references or doubles
        int maxId = -1;
        int maxFeature = -1;
        if (f.isMatrix()) {
            maxId = f.idCode(rows - 1); // the last cell is the last id of the last feature
            maxFeature = f.featureCode(rows - 1);
        } else {
            for (int i = 0; i < rows; i++) {
                maxId = Math.max(maxId, f.idCode(i));
                maxFeature = Math.max(maxFeature, f.featureCode(i));
            }
        }
        int sample = Math.min(rows, 256);
        long idChars = 0;
        long featureChars = 0;
        for (int i = 0; i < sample; i++) {
            idChars += f.id(i).length();
            featureChars += f.feature(i).length();
        }
        long avgId = sample == 0 ? 0 : idChars / sample;
        long avgFeature = sample == 0 ? 0 : featureChars / sample;
        bytes += (maxId + 1L) * (4 + STRING_OVERHEAD + avgId);
        bytes += (maxFeature + 1L) * (4 + STRING_OVERHEAD + avgFeature);
        return bytes;
    }
}
