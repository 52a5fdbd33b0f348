package org.fractalis.stats.prep;

import java.util.Comparator;

/**
 * Python's string order (Unicode code points), used wherever the original sorts ids or features
 * ({@code P1 < P10 < P11 < P2}). {@link String#compareTo} compares UTF-16 units and differs from it
 * only for characters above U+FFFF versus U+E000..U+FFFF; this comparator is exact.
 */
public final class PythonOrder {

    /** Compares strings by code point, as Python does. */
    public static final Comparator<String> STRINGS = PythonOrder::compare;

    private PythonOrder() {
    }

    /** Compares two strings by code point. */
    public static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                if (Character.isSurrogate(ca) || Character.isSurrogate(cb)) {
                    return Integer.compare(a.codePointAt(i), b.codePointAt(i));
                }
                return ca - cb;
            }
        }
        return a.length() - b.length();
    }
}
