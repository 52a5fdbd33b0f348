package org.fractalis.connector.test.internal;

import java.math.BigDecimal;

/** Text of JSON scalars used as ids, features or categories. */
final class Scalars {
    private Scalars() {
    }

    /** A string as is; an integral number without fraction ({@code 1} and {@code 1.0} give "1"). */
    static String text(Object o) {
        if (o instanceof String s) {
            return s;
        }
        if (o instanceof BigDecimal b) {
            return b.stripTrailingZeros().toPlainString();
        }
        if (o instanceof Number n) {
            double d = n.doubleValue();
            if (TestDescriptor.isIntegral(n) && Math.abs(d) < 9.0e15) {
                return Long.toString((long) d);
            }
            return n.toString();
        }
        return String.valueOf(o);
    }

    static boolean isScalar(Object o) {
        return o instanceof String || o instanceof Number || o instanceof Boolean;
    }
}
